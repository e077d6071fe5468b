/**
 * Mainland resident ID numbers, GB 11643-1999: 17 digits + a check character (0-9 or X).
 * Pure: no clock, the plausibility of the birth date is judged against a passed-in `today`.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string }
  | { ok: false; reason: string }

/** What users type (SPEC §3): spaces anywhere, full-width digits and letters, a lower-case x. */
export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(/[\s\u3000]/g, '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/x/g, 'X')
}

export function checkDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return d <= days[m - 1]
}

/** `today` as YYYYMMDD (Asia/Shanghai, computed by the caller) bounds the birth date from above. */
export function validateIdNumber(raw: string, today = '99991231'): IdNumberCheck {
  const id = normaliseIdNumber(raw)
  if (id.length !== 18) return { ok: false, reason: `身份证号码应为18位，当前为${id.length}位` }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号码前17位应为数字，最后一位为数字或X' }
  const birth = id.slice(6, 14)
  const [y, m, d] = [Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8))]
  if (y < 1900 || !isRealDate(y, m, d) || birth > today) {
    return { ok: false, reason: '身份证号码中的出生日期不正确' }
  }
  if (checkDigit(id.slice(0, 17)) !== id[17]) {
    return { ok: false, reason: '身份证号码校验位不正确，请核对后重新输入' }
  }
  return { ok: true, idNumber: id, birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}` }
}
