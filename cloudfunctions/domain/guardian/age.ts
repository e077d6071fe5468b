import { shanghaiYmd } from '../calendar'

/** PIPL art. 31: a child under 14 is authorized for only by a linked guardian (SPEC §3). */
export const SELF_CONSENT_AGE = 14
/** Past this, a Date (plus the +08:00 shift) is invalid (ECMA-262 time value range). */
const MAX_TIME = 8.64e15 - 8 * 3600 * 1000

/**
 * Full years (周岁) on the China day of `now`, or null for an unreadable YYYY-MM-DD date.
 * A birthday counts from the day after it (the rule the Supreme People's Court set for 周岁,
 * 法释〔2006〕1号 第二条); PIPL says nothing, and the later day errs towards protecting the child.
 * A 29 February birthday is thus passed on 1 March in common years.
 */
export function fullYearsOn(birthDate: string, now: number): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate)
  if (!m || !(Math.abs(now) <= MAX_TIME)) return null
  const today = shanghaiYmd(now)
  const birthMd = `${m[2]}${m[3]}`
  const years = Number(today.slice(0, 4)) - Number(m[1])
  return today.slice(4) > birthMd ? years : years - 1
}

/** False under 14, and false when the age cannot be told: then a guardian must authorize. */
export function canAuthorizeForSelf(birthDate: string, now: number): boolean {
  const age = fullYearsOn(birthDate, now)
  return age !== null && age >= SELF_CONSENT_AGE
}
