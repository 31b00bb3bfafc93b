import { Tag } from '@nutui/nutui-react-taro'
import type { CaseState } from '../../../typings/api'
import { stateChip, TONE_COLORS, type ChipTone } from '../lib/status'
import { useCountdown } from '../hooks/useNow'

/** A status chip: NutUI's Tag, coloured by the tone from lib/status. */
export function Chip({ label, tone }: { label: string; tone: ChipTone }) {
  const c = TONE_COLORS[tone]
  return (
    <Tag className='ws-chip' round background={c.bg} color={c.fg}>
      {label}
    </Tag>
  )
}

export function StatusChip({ state, overdue, reopenCount }: { state: CaseState; overdue?: boolean; reopenCount?: number }) {
  const chip = stateChip(state, { overdue, reopenCount })
  return <Chip label={chip.label} tone={chip.tone} />
}

/** A live countdown to the running deadline; red when < 4 h or overdue. */
export function CountdownChip({ at, kind }: { at?: string; kind?: 'accept' | 'finish' }) {
  const cd = useCountdown(at)
  if (!cd) return null
  const tone: ChipTone = cd.tone === 'normal' ? 'primary' : 'danger'
  const prefix = kind === 'accept' ? '受理' : kind === 'finish' ? '办结' : ''
  return <Chip label={`${prefix ? prefix + ' ' : ''}${cd.text}`} tone={tone} />
}
