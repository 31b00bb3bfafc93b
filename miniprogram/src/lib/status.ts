// State → chip label and colour.
import { STATE_LABELS, type CaseState, type CaseSummary } from '../../../typings/api'

export type ChipTone = 'primary' | 'info' | 'warning' | 'success' | 'default' | 'danger'

export interface Chip {
  label: string
  tone: ChipTone
}

const TONES: Record<CaseState, ChipTone> = {
  review: 'warning',
  queued: 'warning',
  dispatched: 'info',
  accepted: 'primary',
  resolved: 'success',
  closed: 'default',
  withdrawn: 'default',
  merged: 'default'
}

export const TONE_COLORS: Record<ChipTone, { fg: string; bg: string }> = {
  primary: { fg: '#1f5fbf', bg: '#e8f0fc' },
  info: { fg: '#0b7a8a', bg: '#e3f5f7' },
  warning: { fg: '#b35c00', bg: '#fff3e0' },
  success: { fg: '#1a7f37', bg: '#e6f4ea' },
  default: { fg: '#5c6370', bg: '#eef0f3' },
  danger: { fg: '#c62828', bg: '#fdecea' }
}

export function stateChip(state: CaseState, opts: { overdue?: boolean; reopenCount?: number } = {}): Chip {
  const label = STATE_LABELS[state] ?? state
  if (opts.overdue && (state === 'dispatched' || state === 'accepted')) return { label: `${label}·超时`, tone: 'danger' }
  if (state === 'accepted' && (opts.reopenCount ?? 0) > 0) return { label: '重办中', tone: 'primary' }
  return { label, tone: TONES[state] ?? 'default' }
}

export function summaryChip(c: Pick<CaseSummary, 'state' | 'overdue' | 'reopenCount'>): Chip {
  return stateChip(c.state, { overdue: c.overdue, reopenCount: c.reopenCount })
}

export const DEADLINE_KIND_LABELS = { accept: '受理', finish: '办结' } as const

export function pct(r: number | null | undefined): string {
  if (r === null || r === undefined || Number.isNaN(r)) return '—'
  return `${(r * 100).toFixed(1)}%`
}
