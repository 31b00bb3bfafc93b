// Open311 API keys: issued by the county admin, shown once, stored as sha256 (the doc's _id), revocable, and
// rate-limited per key per minute (a counter doc per key and Beijing minute in `counters`).
import { createHash, randomBytes } from 'node:crypto'
import { DomainError } from '../core'
import type { ApiKeyDoc } from '../core/types'
import type { ApiKeyInfo } from '../../typings/api'
import { db } from './app'
import { getDoc } from './db'
import { bumpCounter } from './tx'

/** Requests per key per minute (cloudbaserc env OPEN311_RATE_PER_MINUTE). */
export function ratePerMinute(): number {
  const n = Number(process.env.OPEN311_RATE_PER_MINUTE ?? 30)
  return Number.isFinite(n) && n > 0 ? n : 30
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function toApiKeyInfo(d: ApiKeyDoc): ApiKeyInfo {
  const out: ApiKeyInfo = { clientId: d.clientId, name: d.name, prefix: d.prefix, createdAt: new Date(d.createdAt).toISOString() }
  if (d.revokedAt) out.revokedAt = new Date(d.revokedAt).toISOString()
  return out
}

/** A new key for `clientId` (one live key per client: an existing live key answers INVALID_STATE). */
export async function createApiKey(clientId: string, name: string, by: string, now: Date): Promise<{ key: string; info: ApiKeyInfo }> {
  const live = await db().collection('api_keys').where({ clientId, revokedAt: null }).limit(1).get()
  if ((live.data ?? []).length) throw new DomainError('INVALID_STATE', '该接入方已有有效密钥，请先吊销')
  const key = `o311_${randomBytes(24).toString('hex')}`
  const doc: ApiKeyDoc = { _id: hashKey(key), clientId, name, prefix: key.slice(0, 9), createdBy: by, createdAt: now, revokedAt: null }
  await db().collection('api_keys').add(doc)
  return { key, info: toApiKeyInfo(doc) }
}

export async function revokeApiKey(clientId: string, now: Date): Promise<number> {
  const res = (await db().collection('api_keys').where({ clientId, revokedAt: null }).update({ revokedAt: now })) as { updated?: number }
  if (!res.updated) throw new DomainError('NOT_FOUND', '没有该接入方的有效密钥')
  return res.updated
}

export async function listApiKeys(): Promise<ApiKeyInfo[]> {
  const res = await db().collection('api_keys').orderBy('createdAt', 'desc').limit(200).get()
  return ((res.data ?? []) as ApiKeyDoc[]).map(toApiKeyInfo)
}

/** The live key doc of `key`, or null (unknown or revoked). */
export async function liveKey(key: string): Promise<ApiKeyDoc | null> {
  if (!/^o311_[0-9a-f]{48}$/.test(key)) return null
  const d = await getDoc<ApiKeyDoc>('api_keys', hashKey(key))
  return d && !d.revokedAt ? d : null
}

/** Count one request of this key in the current minute; false when past the limit. */
export async function takeRate(keyHash: string, now: Date): Promise<boolean> {
  const minute = Math.floor(now.getTime() / 60_000)
  return (await bumpCounter(`rate_${keyHash.slice(0, 16)}_${minute}`, { day: 'rate' })) <= ratePerMinute()
}
