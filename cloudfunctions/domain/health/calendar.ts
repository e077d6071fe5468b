import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

/** ARCHITECTURE.md: days are China days whatever the server's zone (CloudBase runs in UTC). */
export const CHINA_ZONE = 'Asia/Shanghai'
const MINUTE = 60_000

const HOUR = 3_600_000
const offsets = new Map<number, number>()

/**
 * China's UTC offset in minutes at an instant, from the zone database (dayjs tz), memoised per
 * hour: zone offsets change only on hour boundaries (China's 1986–1991 summer time switched at
 * 02:00), and dayjs.tz formats through Intl on every call, which was a third of a declaration's
 * CPU time in the morning-peak benchmark.
 */
function chinaOffsetMin(ms: number): number {
  const hour = Math.floor(ms / HOUR)
  let offset = offsets.get(hour)
  if (offset === undefined) {
    offset = dayjs(hour * HOUR).tz(CHINA_ZONE).utcOffset()
    if (offsets.size > 100_000) offsets.clear()
    offsets.set(hour, offset)
  }
  return offset
}

/** The China-time calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(nowMs: number): string {
  return new Date(nowMs + chinaOffsetMin(nowMs) * MINUTE).toISOString().slice(0, 10)
}

/** Calendar arithmetic on the date alone (in UTC, where days have no DST), never on instants. */
export function addDays(day: string, n: number): string {
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD')
}
export const yesterdayOf = (day: string): string => addDays(day, -1)

export function isDayString(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && dayjs.utc(s).isValid() && dayjs.utc(s).format('YYYY-MM-DD') === s
}

/**
 * The instant a deadline of `HH:mm` on `day` falls, China time. The deadline means *before* it:
 * with "10:00", 09:59:59.999 is on time and 10:00:00.000 is late — see `isLate`.
 * Built from the wall-clock time read as UTC minus the zone's offset, so no hidden clock read
 * (dayjs.tz(string) consults the current time).
 */
export function deadlineOf(day: string, hhmm: string): number {
  const wall = dayjs.utc(`${day}T${hhmm}:00`).valueOf()
  const offsetMin = chinaOffsetMin(wall) // +480; China has had no DST since 1991
  return wall - offsetMin * MINUTE
}

/** Late from the deadline's first millisecond on: "截止 10:00" accepts nothing at 10:00:00.000. */
export function isLate(nowMs: number, day: string, hhmm: string): boolean {
  return nowMs >= deadlineOf(day, hhmm)
}

/** The last millisecond of `day` in China (who had joined by the end of that day). */
export function endOfDayMs(day: string): number {
  return deadlineOf(addDays(day, 1), '00:00') - 1
}

/** FAQ 9: the frequency is the org's; `weekdays` = Monday to Friday (statutory 调休 not modelled). */
export function isDueDay(day: string, frequency: 'daily' | 'weekdays'): boolean {
  const weekday = dayjs.utc(day).day()
  return frequency === 'daily' || (weekday >= 1 && weekday <= 5)
}

export type DayDecision =
  | { open: true; day: string; kind: 'today' | 'backfill'; late: boolean }
  | { open: false; day: string; reason: 'locked' | 'deadline_passed' | 'out_of_window' | 'not_started'; message: string }

export interface OpenQuery {
  /** The day asked for, already resolved from 'today' / 'yesterday' or a workbench date. */
  day: string
  nowMs: number
  /** The org's daily deadline, "HH:mm" China time. */
  deadline: string
  /** The collector has submitted this day to the administrator (lockDay). */
  locked: boolean
  /** A counted submission for this declarant, org and day already exists. */
  alreadySubmitted: boolean
  /** When the org was created and when this declarant (last) joined it: no day before either is anyone's to file. */
  orgCreatedAt: number
  joinedAt: number
}

const LOCKED_MESSAGE = '采集员已提交当日数据，当日不能再申报。如有特殊情况需更新个人健康申报数据，请联系采集员说明变动情况。'
const CHANGE_CLOSED_MESSAGE = '已过采集员规定的截止时间，不能再修改已提交的申报。如需更新，请联系采集员说明变动情况。'
const WINDOW_MESSAGE = '只能提交本日数据，或补提交昨日数据。'
const BEFORE_ORG_MESSAGE = '该日期早于组织创建日期，没有申报数据。'
const beforeJoinMessage = (joinDay: string) => `申报人于 ${joinDay} 加入该组织，不能补提交加入之前的数据。`

/**
 * Seed 002 rules, in order:
 * - only today or yesterday (提交本日数据 / 补提交昨日数据);
 * - never a day before the org was created or the declarant joined it: nobody was asked to file
 *   it and no list or workbench shows it (the workbench counts members from the day they joined);
 * - a locked day is closed to everyone (FAQ 2: 如采集员已提交数据，则当日不能再申报);
 * - FAQ 8: before the deadline a filer may submit many times, the latest counts; after it a
 *   submitted day cannot be changed by the filer (FAQ 2: 联系采集员);
 * - a day with no submission stays open after its deadline until locked, marked late: that is
 *   what backfilling yesterday means, and the same must then hold for today after the deadline.
 * A retry of a stored clientId is not a new submission: check it (declaration.ts) before this.
 */
export function isOpenFor(q: OpenQuery): DayDecision {
  const today = dayOf(q.nowMs)
  const kind = q.day === today ? 'today' : q.day === yesterdayOf(today) ? 'backfill' : null
  if (kind === null) return { open: false, day: q.day, reason: 'out_of_window', message: WINDOW_MESSAGE }
  if (q.day < dayOf(q.orgCreatedAt)) return { open: false, day: q.day, reason: 'not_started', message: BEFORE_ORG_MESSAGE }
  if (q.day < dayOf(q.joinedAt)) return { open: false, day: q.day, reason: 'not_started', message: beforeJoinMessage(dayOf(q.joinedAt)) }
  if (q.locked) return { open: false, day: q.day, reason: 'locked', message: LOCKED_MESSAGE }
  const late = isLate(q.nowMs, q.day, q.deadline)
  if (late && q.alreadySubmitted) return { open: false, day: q.day, reason: 'deadline_passed', message: CHANGE_CLOSED_MESSAGE }
  return { open: true, day: q.day, kind, late }
}

const FUTURE_MESSAGE = '不能提交尚未到来的日期。'

/**
 * The collector's window (FAQ 2: 如有特殊情况需更新个人健康申报数据，请联系采集员; FAQ 17: 班主任直接在
 * 工作台为其代填报): any day from the org's first day to today, locked, past its deadline or
 * already submitted; never before the org existed, never in the future. `late` as for filers.
 */
export function collectorWindow(q: { day: string; nowMs: number; deadline: string; orgCreatedAt: number }): DayDecision {
  const today = dayOf(q.nowMs)
  if (q.day > today) return { open: false, day: q.day, reason: 'out_of_window', message: FUTURE_MESSAGE }
  if (q.day < dayOf(q.orgCreatedAt)) return { open: false, day: q.day, reason: 'out_of_window', message: BEFORE_ORG_MESSAGE }
  return { open: true, day: q.day, kind: q.day === today ? 'today' : 'backfill', late: isLate(q.nowMs, q.day, q.deadline) }
}

/** Days the collector may lock (采集员提交当日数据): the same span, from the org's first day to today. */
export function lockableDay(day: string, nowMs: number, orgCreatedAt: number): { ok: true } | { ok: false; message: string } {
  if (day > dayOf(nowMs)) return { ok: false, message: FUTURE_MESSAGE }
  if (day < dayOf(orgCreatedAt)) return { ok: false, message: BEFORE_ORG_MESSAGE }
  return { ok: true }
}

/** The filer's choice as a China day, relative to now. */
export function resolveDayChoice(choice: 'today' | 'yesterday', nowMs: number): string {
  const today = dayOf(nowMs)
  return choice === 'today' ? today : yesterdayOf(today)
}
