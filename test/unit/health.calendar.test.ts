// The process zone must not matter: CloudBase runs functions in UTC (ARCHITECTURE.md).
process.env.TZ = 'UTC'

import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import {
  addDays,
  collectorWindow,
  dayOf,
  deadlineOf,
  endOfDayMs,
  isLate,
  isDayString,
  isDueDay,
  isOpenFor,
  lockableDay,
  resolveDayChoice,
  yesterdayOf,
} from '../../cloudfunctions/domain/health/calendar'

/** China wall-clock time → epoch ms, written out by hand (UTC+8, no DST). */
const china = (iso: string) => Date.parse(`${iso}+08:00`)

const LAST_SECOND = china('2024-03-01T23:59:59') // 2024-03-01T15:59:59Z
const MIDNIGHT = china('2024-03-02T00:00:00') // 2024-03-01T16:00:00Z
const CALENDAR = resolve(__dirname, '../../cloudfunctions/domain/health/calendar.ts')
/** An org and a membership from well before the days these tests ask about. */
const SINCE = china('2024-01-02T08:00:00')
const base = { deadline: '22:00', locked: false, alreadySubmitted: false, orgCreatedAt: SINCE, joinedAt: SINCE }

describe('China days, whatever the process zone', () => {
  it('puts 23:59:59 and 00:00:00 China time on their China days, not UTC ones', () => {
    expect(LAST_SECOND).toBe(Date.UTC(2024, 2, 1, 15, 59, 59))
    expect(dayOf(LAST_SECOND)).toBe('2024-03-01')
    expect(dayOf(MIDNIGHT)).toBe('2024-03-02')
    expect(dayOf(MIDNIGHT - 1)).toBe('2024-03-01')
    // 08:00 China is midnight UTC: the same China day on both sides
    expect(dayOf(china('2024-03-02T07:59:59'))).toBe('2024-03-02')
    expect(dayOf(china('2024-03-02T08:00:00'))).toBe('2024-03-02')
  })

  it('puts the deadline at the first millisecond of its minute, China time (the deadline means before it)', () => {
    expect(deadlineOf('2024-03-01', '22:00')).toBe(china('2024-03-01T22:00:00.000'))
    expect(deadlineOf('2024-03-01', '23:59')).toBe(MIDNIGHT - 60_000)
    expect(deadlineOf('2024-03-01', '00:00')).toBe(china('2024-03-01T00:00:00.000'))
    expect(endOfDayMs('2024-03-01')).toBe(MIDNIGHT - 1)
  })

  it.each([
    ['10:00', '2024-03-01T09:59:59.999', false],
    ['10:00', '2024-03-01T10:00:00.000', true],
    ['10:00', '2024-03-01T10:00:30.000', true],
    ['23:59', '2024-03-01T23:58:59.999', false],
    ['23:59', '2024-03-01T23:59:00.000', true],
    ['00:00', '2024-03-01T00:00:00.000', true],
  ])('deadline %s at %s: late = %s', (deadline, at, late) => {
    expect(isLate(china(at), '2024-03-01', deadline)).toBe(late)
    const q = { ...base, deadline, day: '2024-03-01', nowMs: china(at), alreadySubmitted: true }
    // An already-counted answer cannot be replaced from the deadline's first millisecond.
    expect(isOpenFor(q).open).toBe(!late)
  })

  // Jest sandboxes process.env, so assigning TZ above does not reach the V8 clock: the real
  // check runs the module in fresh processes with TZ set (UTC is what CloudBase uses).
  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])('gives the same answers in a process with TZ=%s', (zone) => {
    const script = `const c = require(${JSON.stringify(CALENDAR)});
      console.log(JSON.stringify([new Date(${MIDNIGHT}).getTimezoneOffset(), c.dayOf(${LAST_SECOND}), c.dayOf(${MIDNIGHT}),
        c.deadlineOf('2024-03-01', '23:59'), c.isOpenFor({ day: '2024-03-01', nowMs: ${MIDNIGHT}, deadline: '23:59', locked: false, alreadySubmitted: false, orgCreatedAt: ${SINCE}, joinedAt: ${SINCE} })]))`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TZ: zone }, encoding: 'utf8' })
    const [offset, ...answers] = JSON.parse(out)
    expect(offset).toBe({ UTC: 0, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840 }[zone])
    expect(answers).toEqual(['2024-03-01', '2024-03-02', MIDNIGHT - 60_000, { open: true, day: '2024-03-01', kind: 'backfill', late: true }])
  }, 20000)
})

describe('day arithmetic', () => {
  it('crosses months, leap days and years', () => {
    expect(yesterdayOf('2024-03-01')).toBe('2024-02-29')
    expect(yesterdayOf('2023-03-01')).toBe('2023-02-28')
    expect(yesterdayOf('2025-01-01')).toBe('2024-12-31')
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01')
  })
  it('validates day strings strictly', () => {
    expect(isDayString('2024-02-29')).toBe(true)
    expect(isDayString('2023-02-29')).toBe(false)
    expect(isDayString('2024-2-9')).toBe(false)
  })
  it('knows weekdays by the China date', () => {
    expect(isDueDay('2024-03-02', 'weekdays')).toBe(false) // Saturday
    expect(isDueDay('2024-03-04', 'weekdays')).toBe(true) // Monday
    expect(isDueDay('2024-03-02', 'daily')).toBe(true)
  })
  it('resolves today/yesterday at the midnight edge', () => {
    expect(resolveDayChoice('today', LAST_SECOND)).toBe('2024-03-01')
    expect(resolveDayChoice('yesterday', LAST_SECOND)).toBe('2024-02-29')
    expect(resolveDayChoice('today', MIDNIGHT)).toBe('2024-03-02')
    expect(resolveDayChoice('yesterday', MIDNIGHT)).toBe('2024-03-01')
  })
})

describe('isOpenFor (seed 002 FAQ 2 and 8, backfill yesterday)', () => {
  it('deadline 23:59: 23:58:59 is still on time, 23:59:59 is late; at midnight the day is yesterday and late', () => {
    const q = { ...base, deadline: '23:59', day: '2024-03-01' }
    expect(isOpenFor({ ...q, nowMs: china('2024-03-01T23:58:59') })).toEqual({ open: true, day: '2024-03-01', kind: 'today', late: false })
    expect(isOpenFor({ ...q, nowMs: LAST_SECOND })).toEqual({ open: true, day: '2024-03-01', kind: 'today', late: true })
    expect(isOpenFor({ ...q, nowMs: MIDNIGHT })).toEqual({ open: true, day: '2024-03-01', kind: 'backfill', late: true })
    expect(isOpenFor({ ...q, day: '2024-03-02', nowMs: MIDNIGHT })).toEqual({ open: true, day: '2024-03-02', kind: 'today', late: false })
  })

  it('changes are allowed many times before the deadline, refused after it', () => {
    const q = { ...base, day: '2024-03-01', alreadySubmitted: true }
    expect(isOpenFor({ ...q, nowMs: china('2024-03-01T21:59:59.999') })).toMatchObject({ open: true, late: false })
    expect(isOpenFor({ ...q, nowMs: china('2024-03-01T22:00:00') })).toMatchObject({ open: false, reason: 'deadline_passed' })
    expect(isOpenFor({ ...q, nowMs: MIDNIGHT })).toMatchObject({ open: false, reason: 'deadline_passed' })
  })

  it('a first submission after the deadline is accepted and marked late, today or backfilled yesterday', () => {
    expect(isOpenFor({ ...base, day: '2024-03-01', nowMs: LAST_SECOND })).toMatchObject({ open: true, kind: 'today', late: true })
    expect(isOpenFor({ ...base, day: '2024-03-01', nowMs: MIDNIGHT })).toMatchObject({ open: true, kind: 'backfill', late: true })
  })

  it('refuses the day before yesterday and tomorrow at the midnight edges', () => {
    expect(isOpenFor({ ...base, day: '2024-02-29', nowMs: MIDNIGHT })).toMatchObject({ open: false, reason: 'out_of_window' })
    expect(isOpenFor({ ...base, day: '2024-02-29', nowMs: LAST_SECOND })).toMatchObject({ open: true, kind: 'backfill' })
    expect(isOpenFor({ ...base, day: '2024-03-02', nowMs: LAST_SECOND })).toMatchObject({ open: false, reason: 'out_of_window' })
  })

  it('a locked day is closed even before the deadline, with the FAQ wording', () => {
    const d = isOpenFor({ ...base, day: '2024-03-01', locked: true, nowMs: china('2024-03-01T08:00:00') })
    expect(d).toMatchObject({ open: false, reason: 'locked' })
    expect(d.open === false && d.message).toContain('当日不能再申报')
    expect(isOpenFor({ ...base, day: '2024-03-01', locked: true, nowMs: MIDNIGHT })).toMatchObject({ reason: 'locked' })
  })

  it('refuses yesterday when the org was created today, or the declarant joined today, with a message that says so', () => {
    const createdThisMorning = china('2024-03-02T07:30:00')
    const yesterday = { ...base, day: '2024-03-01', nowMs: china('2024-03-02T09:00:00') }
    expect(isOpenFor({ ...yesterday, orgCreatedAt: createdThisMorning, joinedAt: createdThisMorning })).toMatchObject({
      open: false, reason: 'not_started', message: expect.stringContaining('早于组织创建'),
    })
    expect(isOpenFor({ ...yesterday, joinedAt: china('2024-03-02T00:00:00') })).toMatchObject({
      open: false, reason: 'not_started', message: expect.stringContaining('2024-03-02 加入该组织'),
    })
    // Joined at the last second of yesterday (China time): yesterday is theirs to backfill; today is open either way.
    expect(isOpenFor({ ...yesterday, joinedAt: china('2024-03-01T23:59:59') })).toMatchObject({ open: true, kind: 'backfill' })
    expect(isOpenFor({ ...yesterday, day: '2024-03-02', orgCreatedAt: createdThisMorning, joinedAt: createdThisMorning })).toMatchObject({ open: true, kind: 'today' })
  })
})

describe('the collector\'s window (FAQ 2: corrections go through the collector)', () => {
  const created = china('2024-02-20T07:30:00') // 2024-02-19T23:30Z: the China day is the 20th
  const now = china('2024-03-01T00:10:00')
  const q = (day: string) => collectorWindow({ day, nowMs: now, deadline: '22:00', orgCreatedAt: created })
  it('opens any day from the org\'s first China day to today, late once its deadline passed', () => {
    expect(q('2024-02-20')).toEqual({ open: true, day: '2024-02-20', kind: 'backfill', late: true })
    expect(q('2024-03-01')).toEqual({ open: true, day: '2024-03-01', kind: 'today', late: false })
  })
  it('refuses the day before the org existed and any day to come', () => {
    expect(q('2024-02-19')).toMatchObject({ open: false, reason: 'out_of_window', message: expect.stringContaining('早于组织创建') })
    expect(q('2024-03-02')).toMatchObject({ open: false, reason: 'out_of_window', message: expect.stringContaining('尚未到来') })
  })
  it('locking follows the same span', () => {
    expect(lockableDay('2024-02-20', now, created)).toEqual({ ok: true })
    expect(lockableDay('2024-02-19', now, created)).toMatchObject({ ok: false })
    expect(lockableDay('2024-03-02', now, created)).toMatchObject({ ok: false })
  })
})
