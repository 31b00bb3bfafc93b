// jieba's part-of-speech tagger (@node-rs/jieba, a native module) for the redaction of person names (tag nr).
// It stays outside the bundles (scripts/build-functions.ts NATIVE_EXTERNALS) and is declared in the package.json
// of the functions that use it, so CloudBase installs it (云端安装依赖). Loaded once per warm instance, on first
// use (~0.2 s for the dictionary). Where it cannot load, redaction runs on its heuristics alone and says so once.
import { createRequire } from 'node:module'
import type { NameTagger, TaggedWord } from '../core/redact'

declare const require: NodeJS.Require | undefined

interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): { tag(text: string, hmm?: boolean): TaggedWord[] } }
}

let tagger: NameTagger | null | undefined

/** The jieba tagger, or null when the native module is not available here. */
export function jiebaTagger(): NameTagger | null {
  if (tagger !== undefined) return tagger
  try {
    // In the bundle (CommonJS) `require` resolves through node_modules / NODE_PATH; under vitest (ESM) from the cwd.
    const load = typeof require === 'function' ? require : createRequire(`${process.cwd()}/`)
    const { Jieba } = load('@node-rs/jieba') as JiebaModule
    const { dict } = load('@node-rs/jieba/dict') as { dict: Uint8Array }
    const j = Jieba.withDict(dict)
    tagger = (text: string) => j.tag(text, true)
  } catch (e) {
    console.warn('[tagger] @node-rs/jieba unavailable, person names are found by the heuristics only:', (e as Error)?.message ?? e)
    tagger = null
  }
  return tagger
}

/** Texts whose tags a warm instance keeps (a case's text is tagged for every staff view of its detail). */
const TAG_MEMO_MAX = 500
const tagMemo = new Map<string, readonly TaggedWord[]>()

/**
 * A tagger for the refs that loads jieba on first use and tags nothing where it cannot load. The tags of the
 * last TAG_MEMO_MAX texts are remembered (least recently used goes first): tagging is a pure function of the text.
 */
export const lazyJiebaTagger: NameTagger = (text) => {
  const hit = tagMemo.get(text)
  if (hit) {
    tagMemo.delete(text)
    tagMemo.set(text, hit)
    return [...hit]
  }
  const words = jiebaTagger()?.(text) ?? []
  tagMemo.set(text, [...words])
  if (tagMemo.size > TAG_MEMO_MAX) tagMemo.delete(tagMemo.keys().next().value as string)
  return words
}
