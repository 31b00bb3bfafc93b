// A tiny global store shared by all pages (each Taro page is its own React root on weapp).
import Taro from '@tarojs/taro'
import type { Catalog, Me } from '../../../typings/api'

type Listener = () => void

export interface AppState {
  me: Me | null
  meError: string | null
  largeText: boolean
  catalog: Catalog | null
}

const LARGE_KEY = 'ws.largeText'

function readLarge(): boolean {
  try {
    return Taro.getStorageSync(LARGE_KEY) === true || Taro.getStorageSync(LARGE_KEY) === 'true'
  } catch {
    return false
  }
}

let state: AppState = { me: null, meError: null, largeText: readLarge(), catalog: null }
const listeners = new Set<Listener>()

export function getState(): AppState {
  return state
}

export function setState(patch: Partial<AppState>): void {
  state = { ...state, ...patch }
  listeners.forEach((l) => l())
}

export function subscribe(l: Listener): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function setLargeText(on: boolean): void {
  try {
    Taro.setStorageSync(LARGE_KEY, on)
  } catch {
    /* storage full: still apply for this session */
  }
  setState({ largeText: on })
}
