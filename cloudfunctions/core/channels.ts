// Channels: how a case came in (小程序, 代报, 热线, 公众号, 开放接口), and the source the filing page was opened from.
import { CHANNEL_LABEL, type CaseChannel, type ChannelType } from '../../typings/api'
import type { CaseDoc } from './types'

/** A source: a kind and an optional id, e.g. 'official_account:gh_1234', 'qr:zhongdu-01', 'group'. */
export const SOURCE_PATTERN = /^[a-z][a-z0-9_]{0,31}(?::[A-Za-z0-9_.-]{1,64})?$/

/** The channel a source implies: an official account's source is that account's channel; others say nothing. */
export function channelOfSource(source: string | undefined): CaseChannel | null {
  if (!source) return null
  const [kind, id] = source.split(':', 2)
  if (kind === 'official_account' && id) return { type: 'official_account', accountId: id }
  return null
}

/** The channel of a new case: the intake's (热线, 开放接口), else the source's (公众号), else 代报 or 小程序. */
export function newCaseChannel(intake: CaseChannel | undefined, source: string | undefined, proxy: boolean): CaseChannel {
  if (intake) return { ...intake }
  if (proxy) return { type: 'proxy' }
  return channelOfSource(source) ?? { type: 'miniprogram' }
}

/** A case's channel; cases older than channels: 代报 when someone filed it, else 小程序. */
export function channelOf(c: Pick<CaseDoc, 'channel' | 'filedBy'>): CaseChannel {
  return c.channel ?? { type: c.filedBy ? 'proxy' : 'miniprogram' }
}

/** The channel's type, the rollups' `channel:<type>` unit. */
export function channelType(c: Pick<CaseDoc, 'channel' | 'filedBy'>): ChannelType {
  return channelOf(c).type
}

/** '公众号 · gh_1234', '开放接口 · client', '热线'. */
export function channelLabel(ch: CaseChannel): string {
  const id = ch.accountId ?? ch.clientId
  return id ? `${CHANNEL_LABEL[ch.type]} · ${id}` : CHANNEL_LABEL[ch.type]
}
