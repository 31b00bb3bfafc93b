// Privacy: the privacy-relevant WeChat APIs the built weapp calls must match what the app declares:
//   - app.json `requiredPrivateInfos` (the location APIs that need it), and
//   - the README's list of items for the 用户隐私保护指引 (privacy guide filled in on mp.weixin.qq.com).
// Taro calls WeChat APIs as `Taro.<api>(…)`, which the bundle keeps as a member call `.<api>(`; direct `wx.<api>(`
// calls are counted too. H5-only calls (e.g. getLocation) must be stripped from the weapp build.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureWeappBuild, listFiles, ROOT } from './build'

/** Privacy-relevant APIs (WeChat's 隐私接口 list) → the guide items they need. */
export const PRIVACY_APIS: Record<string, string[]> = {
  getLocation: ['位置信息'],
  getFuzzyLocation: ['位置信息'],
  chooseLocation: ['位置信息'],
  choosePoi: ['位置信息'],
  onLocationChange: ['位置信息'],
  startLocationUpdate: ['位置信息'],
  startLocationUpdateBackground: ['位置信息'],
  chooseAddress: ['地址'],
  chooseImage: ['选中的照片或视频信息', '摄像头'],
  chooseMedia: ['选中的照片或视频信息', '摄像头'],
  chooseVideo: ['选中的照片或视频信息', '摄像头'],
  chooseMessageFile: ['选中的文件'],
  saveImageToPhotosAlbum: ['相册（仅写入）权限'],
  saveVideoToPhotosAlbum: ['相册（仅写入）权限'],
  createCameraContext: ['摄像头'],
  scanCode: ['摄像头'],
  setClipboardData: ['剪切板'],
  getClipboardData: ['剪切板'],
  getUserProfile: ['用户信息（微信昵称、头像）'],
  getUserInfo: ['用户信息（微信昵称、头像）'],
  startRecord: ['麦克风'],
  getRecorderManager: ['麦克风'],
  openBluetoothAdapter: ['蓝牙'],
  getWeRunData: ['微信运动步数'],
  chooseInvoice: ['发票信息'],
  chooseInvoiceTitle: ['发票信息'],
  chooseLicensePlate: ['车牌号'],
  addPhoneContact: ['通讯录（仅写入）权限'],
  addPhoneCalendar: ['日历（仅写入）权限'],
  addPhoneRepeatCalendar: ['日历（仅写入）权限']
}

/** Privacy-relevant button open types (a `<button open-type>`; Taro keeps `openType:"…"` in the bundle) → items. */
export const PRIVACY_OPEN_TYPES: Record<string, string[]> = {
  getPhoneNumber: ['手机号'],
  getRealtimePhoneNumber: ['手机号'],
  chooseAvatar: ['用户信息（微信昵称、头像）']
}

/** The APIs that must also be listed in app.json `requiredPrivateInfos`. */
export const REQUIRED_PRIVATE_INFOS = [
  'getLocation', 'getFuzzyLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground',
  'chooseLocation', 'choosePoi', 'chooseAddress'
]

/** Privacy APIs called in the JS files of a built weapp. */
export function privacyApisIn(dir: string): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  for (const f of listFiles(dir).filter((x) => x.endsWith('.js'))) {
    const js = fs.readFileSync(path.join(dir, f), 'utf8')
    for (const api of Object.keys(PRIVACY_APIS)) {
      const call = new RegExp(`(?:\\.${api}|\\[\\s*["'\`]${api}["'\`]\\s*\\])\\s*\\(`)
      if (call.test(js) || new RegExp(`\\bwx\\.${api}\\b`).test(js)) (found[api] ??= []).push(f)
    }
    for (const openType of Object.keys(PRIVACY_OPEN_TYPES)) {
      if (new RegExp(`openType\\s*:\\s*["'\`]${openType}["'\`]`).test(js)) (found[`button:${openType}`] ??= []).push(f)
    }
  }
  return found
}

/** The items listed between the privacy markers of the README. */
export function readmePrivacyItems(readme: string): string[] {
  const m = /<!-- privacy-items:start -->([\s\S]*?)<!-- privacy-items:end -->/.exec(readme)
  if (!m) throw new Error('README.md has no <!-- privacy-items:start --> … <!-- privacy-items:end --> block')
  return m[1]!
    .split('\n')
    .map((l) => /^\|\s*([^|]+?)\s*\|/.exec(l.trim())?.[1])
    .filter((x): x is string => !!x && x !== 'item' && !/^-+$/.test(x))
}

describe('privacy declarations match the APIs the weapp build calls', () => {
  let dir = ''
  let found: Record<string, string[]> = {}
  beforeAll(() => {
    dir = ensureWeappBuild()
    found = privacyApisIn(dir)
  })

  it('calls only the expected privacy APIs; H5-only getLocation is stripped', () => {
    // chooseImage: NutUI's own fallback next to chooseMedia (dead on weapp, but in the bundle WeChat scans); it
    // needs the same 用户隐私保护指引 items as chooseMedia.
    // button:getPhoneNumber: 认领 (components/ClaimByPhone.tsx) proves the resident's phone number.
    // chooseImage comes with NutUI's AvatarCropper, which tree shaking may or may not leave in vendors.js (it left it
    // out once the 热线 page joined pages-admin); either way its items are chooseMedia's.
    expect(Object.keys(found).filter((a) => a !== 'chooseImage').sort()).toEqual(['button:getPhoneNumber', 'chooseLocation', 'chooseMedia', 'chooseMessageFile', 'setClipboardData'])
    expect(found.getLocation).toBeUndefined()
  })

  it('app.json requiredPrivateInfos lists exactly the called APIs that need it', () => {
    const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { requiredPrivateInfos?: string[] }
    const needed = Object.keys(found).filter((a) => REQUIRED_PRIVATE_INFOS.includes(a)).sort()
    expect([...(app.requiredPrivateInfos ?? [])].sort()).toEqual(needed)
  })

  it('the README lists exactly the 用户隐私保护指引 items these APIs need', () => {
    const items = readmePrivacyItems(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))
    const needed = [...new Set(Object.keys(found).flatMap((a) => PRIVACY_APIS[a] ?? PRIVACY_OPEN_TYPES[a.replace(/^button:/, '')]!))].sort()
    expect([...items].sort()).toEqual(needed)
  })

  it('the scanner sees Taro member calls and wx calls, not API name lists', () => {
    const tmp = fs.mkdtempSync(path.join(ROOT, 'dist', '.privacy-'))
    try {
      fs.writeFileSync(path.join(tmp, 'a.js'), 'u().getLocation({type:"wgs84"});wx.setClipboardData({});var l=["chooseImage","scanCode"];o["getWeRunData"](x)')
      expect(Object.keys(privacyApisIn(tmp)).sort()).toEqual(['getLocation', 'getWeRunData', 'setClipboardData'])
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  })
})
