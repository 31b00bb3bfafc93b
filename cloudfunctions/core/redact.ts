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
