// Server-side HTML sanitizing of policy bodies (js-xss, an allowlist): only structural text tags survive, with
// no attributes but a link's http(s) href and a table cell's span; <script>/<style> are dropped with their
// content; every event handler, style and class attribute, comment, and javascript:/data: URL goes. Imported
// by the policy function only (kept out of core/index.ts so the other bundles stay small).
import { FilterXSS } from 'xss'

/** Tag → attributes allowed. Everything else is removed (the tag; its text stays unless listed in DROP_BODY). */
export const ALLOWED_TAGS: Record<string, string[]> = {
  p: [],
  br: [],
  strong: [],
  b: [],
  em: [],
  i: [],
  u: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  ul: [],
  ol: [],
  li: [],
  blockquote: [],
  a: ['href'],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan']
}
const DROP_BODY = ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'textarea', 'select']

const filter = new FilterXSS({
  whiteList: ALLOWED_TAGS,
  stripIgnoreTag: true,
  stripIgnoreTagBody: DROP_BODY,
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value) {
    if (tag === 'a' && name === 'href') {
      const v = value.trim()
      return /^https?:\/\/[^\s"'<>]+$/i.test(v) ? `href="${v.replace(/&(?!amp;)/g, '&amp;')}"` : ''
    }
    if ((name === 'colspan' || name === 'rowspan') && /^\d{1,2}$/.test(value.trim())) return `${name}="${value.trim()}"`
    return ''
  }
})

/** The body as stored and shown: allowlisted tags only, no scripts, styles, handlers or unsafe URLs. */
export function sanitizeHtml(html: string): string {
  // js-xss marks a dropped body that held another tag as '[removed]': drop the marker too.
  return filter.process(html).replace(/\[removed\]/g, '').trim()
}
