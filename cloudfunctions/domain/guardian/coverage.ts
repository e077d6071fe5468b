import { shanghaiYmd } from '../calendar'

/**
 * Which births the provincial registry holds (SPEC §2, seed 000 note 3): births in Guangdong
 * hospitals from 2014-01-01, in Guangzhou, Shenzhen, Foshan and Zhuhai only from 2018-05-01.
 * Days are China days (Asia/Shanghai), whatever offset the time was written with.
 */
export const GUANGDONG_CODE = '44'
export const PROVINCE_SINCE = '2014-01-01'
export const LATE_CITY_SINCE = '2018-05-01'
/** GB/T 2260 prefecture codes of the four cities that joined later. */
export const LATE_CITIES: Readonly<Record<string, string>> = {
  '4401': '广州市',
  '4403': '深圳市',
  '4406': '佛山市',
  '4404': '珠海市',
}

export interface BirthPlaceAndTime {
  provinceCode: string
  provinceName?: string
  cityCode: string
  cityName?: string
  birthTime: string
}

export type Coverage =
  | { covered: true; birthDate: string }
  | { covered: false; why: 'outside_guangdong'; provinceName: string }
  | { covered: false; why: 'before_start'; since: string; area: string; birthDate: string }
  | { covered: false; why: 'unreadable_birth_time' }

/** The China day (YYYY-MM-DD) of an ISO time with an offset, or null when it cannot be read. */
export function shanghaiDateOf(isoTime: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(isoTime)) return null
  const ms = Date.parse(isoTime)
  if (!Number.isFinite(ms)) return null
  const ymd = shanghaiYmd(ms)
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`
}

function lateCityName(birth: BirthPlaceAndTime): string | null {
  if (LATE_CITIES[birth.cityCode]) return LATE_CITIES[birth.cityCode]
  const byName = Object.values(LATE_CITIES).find((n) => n === birth.cityName)
  return byName ?? null
}

export function coverageOf(birth: BirthPlaceAndTime): Coverage {
  if (birth.provinceCode !== GUANGDONG_CODE) {
    return { covered: false, why: 'outside_guangdong', provinceName: birth.provinceName || '广东省外' }
  }
  const birthDate = shanghaiDateOf(birth.birthTime)
  if (birthDate === null) return { covered: false, why: 'unreadable_birth_time' }
  const city = lateCityName(birth)
  const since = city ? LATE_CITY_SINCE : PROVINCE_SINCE
  if (birthDate < since) return { covered: false, why: 'before_start', since, area: city ?? '广东省', birthDate }
  return { covered: true, birthDate }
}

export function isCovered(birth: BirthPlaceAndTime): boolean {
  return coverageOf(birth).covered
}
