import { useEffect, useState } from 'react'
import type { AudienceTag } from '../../../../typings/api'
import { call } from '../../api/client'

let cached: Promise<AudienceTag[]> | null = null

/** The audience tags (reference data), loaded once per session. */
export function useTags(): { tags: AudienceTag[]; names: Map<string, string> } {
  const [tags, setTags] = useState<AudienceTag[]>([])
  useEffect(() => {
    cached ??= call('policy', 'tags', {}, { toast: false }).catch((e) => {
      cached = null
      throw e
    })
    cached.then(setTags).catch(() => {})
  }, [])
  return { tags, names: new Map(tags.map((t) => [t._id, t.name])) }
}
