// Masking for staff views and redaction for the public board.

export const ANONYMOUS = '匿名群众'
export const REDACTED = '***'

export function maskPhone(phone: string): string {
  const p = phone.trim()
  if (p.length >= 7) return `${p.slice(0, 3)}****${p.slice(-4)}`
  return '****'
}

/** '张三' → '张**'; empty → '匿名群众'. The length of the name is not revealed. */
export function maskName(name?: string): string {
  const n = (name ?? '').trim()
  if (!n) return ANONYMOUS
  return `${Array.from(n)[0]}**`
}

const NUM = '[0-9０-９一二三四五六七八九十百零〇两]+'
// 18-digit resident ID numbers (last char may be X).
const ID_RE = /(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])/g
// Any other 18-character digit run ending like an ID number.
const ID_LOOSE_RE = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g
// Mainland mobiles, optionally +86 and separated by spaces or dashes.
const MOBILE_RE = /(?:\+?86[- ]?)?(?<![0-9])1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])/g
// Building / unit / room: 3号楼2单元401室, 5栋1201, 2单元401室, 401室.
const BUILDING_RE = new RegExp(
  `${NUM}\\s*(?:号楼|栋|幢|座)(?:\\s*${NUM}\\s*单元)?(?:\\s*${NUM}\\s*(?:室|号|户)?)?|${NUM}\\s*单元(?:\\s*${NUM}\\s*(?:室|号|户)?)?|[0-9]{2,5}\\s*室`,
  'g'
)
// House numbers after a road, street, lane or village: 幸福路18号, 人民大街6-2号, 东关村12号院.
const HOUSE_RE = new RegExp(`(路|街|大道|巷|胡同|弄|里|村|社区|小区|庄|屯)\\s*${NUM}(?:\\s*[-—之]\\s*${NUM})?\\s*号(?:院)?`, 'g')

/** For the public board: 18-digit IDs, mobiles and exact addresses → '***'. */
export function redactPublicText(text: string): string {
  return text
    .replace(ID_RE, REDACTED)
    .replace(ID_LOOSE_RE, REDACTED)
    .replace(MOBILE_RE, REDACTED)
    .replace(HOUSE_RE, (_m, road: string) => `${road}${REDACTED}`)
    .replace(BUILDING_RE, REDACTED)
}

// ---------------------------------------------------------------------------------------------------------
// Public summaries (公开摘要): names of people, phones in any spacing, IDs, plates, WeChat ids, exact addresses.
// Applied when a summary is prefilled at resolution and again whenever the board renders it.
// ---------------------------------------------------------------------------------------------------------

/** What a masked person name becomes on the board ('已联系某某', '某女士'). */
export const NAME_MASK = '某某'

/** A part-of-speech tagger (jieba's `tag`): the words of `text` in order, concatenating back to it. */
export interface TaggedWord {
  word: string
  tag: string
}
export type NameTagger = (text: string) => TaggedWord[]

export interface RedactOptions {
  /** Names the case knows: contact, filer, handler, reply authors (and followers, once they exist). */
  names?: readonly string[]
  /** Place names that must survive (villages, communities, townships, grids). */
  places?: readonly string[]
  /** jieba's tagger where it runs; the heuristics alone otherwise. */
  tagger?: NameTagger | null
}

/**
 * Common Chinese surnames (about 150, the national top list plus those frequent in Jining). Deliberately without
 * single characters that are mostly ordinary words (来, 门, 都, 和, 时, 平, 国, 海, 向, 于, 常, 冷…): those surnames are still
 * masked when the case knows the name or the tagger finds it, never by the heuristics alone.
 */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐乔伍庞颜倪聂章鲁岳翟殷詹申耿焦俞柳甘祝尚舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆靳柴鲍喻祁蒲滕屈饶牟艾尤穆卓缪窦戚岑宫费卜晏瞿桂佟臧闵邬卞姬仇栾隋刁桑郎甄丛仲虞敖巩佘迟鞠荆冀郁胥栗燕楚蔺亓逯宓'
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '慕容', '令狐', '司徒', '夏侯', '公孙', '尉迟']
const SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${SURNAMES}])`
/** Forms of address after a surname: 王女士, 刘大爷, 李师傅. */
const HONORIFICS = ['先生', '女士', '小姐', '大爷', '大娘', '大妈', '大婶', '大姐', '大哥', '阿姨', '师傅', '老师', '老汉', '奶奶', '爷爷', '婆婆', '同志', '主任', '书记', '村长', '组长', '经理', '老板', '医生', '大夫', '律师', '家属']
const HONORIFIC_RE = new RegExp(`${SURNAME}(?=${HONORIFICS.join('|')})`, 'g')
/** Characters that end a name rather than continue it (王刚说, 张强家). */
const STOP_CHARS = '家说讲反称的和与及在等了是也都去来到把被给向对从找打要让叫问这那已曾又还就才再不没很想因为于至跟同、，。；：！？,.;:!? '
/** 老王, 小李: only before something that does not continue a word (punctuation, a verb of speech, 家…). */
const FAMILIAR_RE = new RegExp(`([老小])${SURNAME}(?=[${STOP_CHARS}])`, 'g')
/** Words that announce a person: 村民赵德明, 邻居王强, 联系人：孙丽. */
const CUES = ['村民', '居民', '群众', '市民', '邻居', '业主', '住户', '租户', '户主', '老人', '大爷', '老汉', '联系人', '反映人', '报告人', '申请人', '当事人', '我是', '我叫', '名叫', '姓名', '本人', '儿子', '女儿', '丈夫', '妻子', '老伴', '母亲', '父亲', '网格员', '楼长', '经办人', '工作人员', '司机', '师傅', '同事', '房东', '承包人', '负责人', '商户', '店主', '叫', '家长', '学生', '患者', '孩子', '经理', '主任', '书记', '村长', '队长', '组长', '会计', '支书', '校长', '老板', '举报人', '投诉人', '车主', '房主']
/** Suffixes of places: a tagger's 'person' followed by (or ending in) one of these is a place (王家庄村, 苑庄镇). */
/** 张桂兰家的狗: a full name right before a word of belonging. */
const BELONGING_RE = new RegExp(`${SURNAME}[\\u4e00-\\u9fa5]{1,2}(?=家的|家门|家里|家中|家属|家人|一家)`, 'g')
const PLACE_SUFFIX = /^(?:村|庄|屯|营|集|店|寨|堡|湾|洼|铺|坊|桥|河|湖|山|镇|乡|街道|街|路|巷|社区|小区|花园|家园|苑|园|广场|市场|学校|小学|中学|医院|公司|厂|站|局|所|委|会)/
const PLACE_END = /(?:村|庄|屯|营|集|店|寨|堡|湾|洼|铺|坊|镇|乡|街道|社区|小区|路|街)$/
const CJK = /[\u4e00-\u9fa5]/
/** Chinese licence plates: 鲁H·12345, 鲁H12345, 鲁HD12345 (new energy). */
const PLATE_RE = /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Za-hj-np-z][·•.\s-]?[A-HJ-NP-Za-hj-np-z0-9]{5,6}(?![A-Za-z0-9])/g
/** WeChat / QQ ids after their label. */
const WECHAT_RE = /(微信号?|weixin|wechat|vx|wx|v信|QQ号?|qq号?)(\s*[:：是为]?\s*)([A-Za-z0-9][-_A-Za-z0-9]{4,19})/gi
/** Landlines: 0537-7212345, (0537)7212345, 7212345 with an area code. */
const LANDLINE_RE = /(?<![0-9])(?:\(?0[1-9][0-9]{1,2}\)?[- ]?)[2-9][0-9]{6,7}(?![0-9])/g
/** Any other run of 7+ digits (bank cards, account numbers, a phone without its prefix). */
const LONG_DIGITS_RE = /(?<![A-Za-z0-9])[0-9](?:[- ]?[0-9]){6,}(?![0-9])/g
/** House number words: 门牌号12, 3号院. */
const DOOR_RE = new RegExp(`门牌号?\\s*[:：]?\\s*${NUM}(?:号)?|${NUM}\\s*号院`, 'g')

function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[－—]/g, (m) => (m === '－' ? '-' : m))
}

/** Private-use placeholders that keep protected places out of every rule, restored at the end. */
function protect(text: string, places: readonly string[]): { text: string; restore: (s: string) => string } {
  const list = [...new Set(places.filter((p) => p && p.length >= 2))].sort((a, b) => b.length - a.length).slice(0, 6000)
  const used: string[] = []
  let out = text
  for (const p of list) {
    if (!out.includes(p)) continue
    const mark = String.fromCharCode(0xe000 + used.length)
    used.push(p)
    out = out.split(p).join(mark)
    if (used.length >= 6000) break
  }
  return { text: out, restore: (s) => s.replace(/[\ue000-\uf8ff]/g, (m) => used[m.charCodeAt(0) - 0xe000] ?? m) }
}

/** The name-like spans the tagger finds: runs of nr* words, minus places (by suffix) and single characters. */
function taggedNames(text: string, tagger: NameTagger): string[] {
  let words: TaggedWord[]
  try {
    words = tagger(text)
  } catch {
    return []
  }
  const out: string[] = []
  for (let i = 0; i < words.length; i++) {
    if (!words[i]!.tag.startsWith('nr')) continue
    let name = words[i]!.word
    let j = i + 1
    while (j < words.length && words[j]!.tag.startsWith('nr') && Array.from(name + words[j]!.word).length <= 4) name += words[j++]!.word
    const after = words.slice(j, j + 2).map((w) => w.word).join('')
    // 孙 | 红梅: a given name tagged alone takes the surname before it.
    const before = i > 0 ? words[i - 1]!.word : ''
    if (before.length === 1 && SURNAMES.includes(before) && Array.from(name).length === 2) name = before + name
    i = j - 1
    const chars = Array.from(name)
    if (chars.length < 2 || !chars.every((ch) => CJK.test(ch))) continue
    if (PLACE_END.test(name) || PLACE_SUFFIX.test(after)) continue
    out.push(name)
  }
  return out
}

/** Every name variant the case knows: the full name, and its given name when it is distinctive (≥ 2 chars). */
function knownVariants(names: readonly string[]): string[] {
  const out = new Set<string>()
  for (const raw of names) {
    const n = (raw ?? '').replace(/\s+/g, '')
    if (Array.from(n).length < 2 || !CJK.test(n)) continue
    out.add(n)
    const compound = COMPOUND_SURNAMES.find((s) => n.startsWith(s))
    const given = Array.from(n).slice(compound ? 2 : 1).join('')
    if (Array.from(given).length >= 2) out.add(given)
  }
  return [...out].sort((a, b) => b.length - a.length)
}

/**
 * Redact a text for the public: every name the case knows, 姓 + 先生/女士/大爷/…, person names the tagger finds
 * (minus places), names after a cue word (村民赵德明), mobiles and landlines in any spacing, ID numbers, long
 * digit runs, licence plates, WeChat/QQ ids, house, building and room numbers. Known places always survive.
 */
export function redactPublic(text: string, opts: RedactOptions = {}): string {
  const p = protect(toHalfWidthDigits(text), opts.places ?? [])
  let t = p.text
    .replace(ID_RE, REDACTED)
    .replace(ID_LOOSE_RE, REDACTED)
    .replace(MOBILE_RE, REDACTED)
    .replace(LANDLINE_RE, REDACTED)
    .replace(WECHAT_RE, (_m, label: string, sep: string) => `${label}${sep}${REDACTED}`)
    .replace(PLATE_RE, REDACTED)
    .replace(LONG_DIGITS_RE, REDACTED)
    .replace(HOUSE_RE, (_m, road: string) => `${road}${REDACTED}`)
    .replace(BUILDING_RE, REDACTED)
    .replace(DOOR_RE, REDACTED)
  for (const n of knownVariants(opts.names ?? [])) t = t.split(n).join(NAME_MASK)
  if (opts.tagger) for (const n of taggedNames(t, opts.tagger).sort((a, b) => b.length - a.length)) t = t.split(n).join(NAME_MASK)
  const cue = new RegExp(`(${CUES.join('|')})([:：\\s]*)${SURNAME}[\\u4e00-\\u9fa5]{1,2}`, 'g')
  t = t.replace(cue, (m, c: string, sep: string) => {
    const name = m.slice(c.length + sep.length)
    const chars = Array.from(name)
    // Keep a trailing stop character (王刚说 → 某某说) and leave places alone (村民王家庄村…).
    const last = chars[chars.length - 1]!
    const trimmed = chars.length === 3 && STOP_CHARS.includes(last) ? chars.slice(0, 2).join('') : name
    const rest = name.slice(trimmed.length)
    if (PLACE_END.test(trimmed)) return m
    return `${c}${sep}${NAME_MASK}${rest}`
  })
  t = t.replace(BELONGING_RE, (m) => (PLACE_END.test(m) ? m : NAME_MASK))
  t = t.replace(HONORIFIC_RE, '某').replace(FAMILIAR_RE, (_m, pre: string) => `${pre}某`)
  return p.restore(t)
}

/** Every name a case knows: contact, reply authors, the handler (and followers once they exist). */
export function knownNames(c: { contact: { name?: string }; handlerName?: string; replies: Array<{ by: string }>; filerName?: string; followerNames?: string[] }): string[] {
  return [c.contact.name, c.handlerName, c.filerName, ...c.replies.map((r) => r.by), ...(c.followerNames ?? [])].filter((n): n is string => !!n)
}
