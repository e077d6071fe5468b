import type { Counts, HealthData, HealthEvent, WorkbenchRow } from '../../../types/health'
import { AppError } from '../../domain/errors'
import { addDays, dayOf, deadlineOf, endOfDayMs, isDueDay, lockableDay } from '../../domain/health/calendar'
import { healthIds, type Org } from '../../ports/healthStores'
import { loadHealthCaller, requireCollector } from './caller'
import type { HealthDeps } from './healthDeps'
import { dayStatus, orgView } from './views'
import { filedByOf, filedByView } from './filedBy'

/** Where a reminder opens: the declaration home with the declarant list. */
export const HEALTH_HOME_PAGE = '/health/index/index'

type E<A extends HealthEvent['action']> = Extract<HealthEvent, { action: A }>

/**
 * One day of one org: the members active and already joined on that day, joined with the day's
 * counted entries (two queries, no per-member reads; `members` may be passed in when several days
 * are read).
 */
export async function dayRows(deps: HealthDeps, org: Org, day: string) {
  const [board, lock] = await Promise.all([deps.health.dayEntries.board(org.id, day), deps.health.dayLocks.get(org.id, day)])
  // Someone who joined later was not missing on earlier days.
  const endOfDay = endOfDayMs(day)
  const active = board.filter((m) => m.joinedAt <= endOfDay)
  const rows: WorkbenchRow[] = active.map((m) => ({
    declarantId: m.declarantId, maskedName: m.maskedName, docType: m.docType,
    status: dayStatus(org, day, m.submittedAt !== null, lock !== null),
    submittedAt: m.submittedAt, late: m.late, abnormal: m.abnormal,
  }))
  return { rows, active, lock, counts: countsOf(rows) }
}

export function countsOf(rows: readonly WorkbenchRow[]): Counts {
  let submitted = 0
  let abnormal = 0
  let missing = 0
  for (const r of rows) {
    if (r.status === 'submitted') submitted++
    else if (r.status === 'missing' || r.status === 'locked') missing++
    if (r.abnormal.length > 0) abnormal++
  }
  return { members: rows.length, submitted, missing, abnormal }
}

/**
 * The member's full name as this org knows it: the membership's, or for a
 * membership from before that change the declarant record's. Decrypted only for the org's collector.
 */
export function memberName(deps: HealthDeps, m: { nameCipher: string | null }, declarant: { nameCipher: string } | undefined, fallback: string): string {
  if (m.nameCipher) return deps.cipher.decrypt(m.nameCipher)
  return declarant ? deps.cipher.decrypt(declarant.nameCipher) : fallback
}

/** Search by the full name: decrypted only when asked, only for this org's members, by the name this org knows. */
async function matchingNames(deps: HealthDeps, members: Array<{ declarantId: string; nameCipher: string | null; maskedName: string }>, search: string): Promise<Set<string>> {
  const legacy = members.filter((m) => m.nameCipher === null)
  const declarants = new Map((await deps.health.declarants.getMany(legacy.map((m) => m.declarantId))).map((d) => [d.id, d]))
  return new Set(members.filter((m) => memberName(deps, m, declarants.get(m.declarantId), m.maskedName).includes(search)).map((m) => m.declarantId))
}

/** The collector's workbench for one day: counts, then the filtered, searched page of members. */
export async function workbenchDay(deps: HealthDeps, openid: string, e: E<'workbenchDay'>): Promise<HealthData['workbenchDay']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = await requireCollector(deps, caller, e.orgId)
  const { rows, active, lock, counts } = await dayRows(deps, org, e.day)
  const keep = {
    all: () => true,
    submitted: (r: WorkbenchRow) => r.status === 'submitted',
    missing: (r: WorkbenchRow) => r.status === 'missing' || r.status === 'locked',
    abnormal: (r: WorkbenchRow) => r.abnormal.length > 0,
  }[e.filter]
  let shown = rows.filter(keep)
  if (e.search) {
    const names = await matchingNames(deps, active, e.search)
    shown = shown.filter((r) => names.has(r.declarantId) || r.maskedName.includes(e.search!))
  }
  // Missing first (that is whom the collector acts on), then abnormal, then by time.
  const rank = (r: WorkbenchRow) => (r.status === 'missing' ? 0 : r.abnormal.length > 0 ? 1 : 2)
  shown.sort((a, b) => rank(a) - rank(b) || (a.submittedAt ?? 0) - (b.submittedAt ?? 0))
  const page = shown.slice(e.offset, e.offset + e.limit)
  // The org's collector sees full names: they must chase exactly who is missing, and the
  // export already names them; the masked document number still tells apart two of the same name.
  // Decrypted for this page only, for the collector of this org only (requireCollector above).
  // Who filed each counted entry on the page: a proxy replacing the student's own is visible here
  // too. The board carries each counted submission's id, so the day is not listed a second time;
  // the page's people, the reminder trace and who filed are read in one round trip.
  const entries = new Map(active.filter((m) => m.submissionId !== null).map((m) => [m.declarantId, m.submissionId!]))
  const boardOf = new Map(active.map((m) => [m.declarantId, m]))
  const [declarants, reminder, filed] = await Promise.all([
    deps.health.declarants.getMany(page.map((r) => r.declarantId)),
    deps.health.dayReminders.get(org.id, e.day),
    filedByOf(deps, page.map((r) => entries.get(r.declarantId)).filter((id): id is string => id !== undefined)),
  ])
  const people = new Map(declarants.map((d) => [d.id, d]))
  return {
    org: orgView(org, caller.identity.id), day: e.day, deadlineAt: deadlineOf(e.day, org.deadline), locked: lock !== null,
    lockedAt: lock?.lockedAt ?? null, due: isDueDay(e.day, org.frequency), firstDay: dayOf(org.createdAt), counts,
    // The stored trace of 提醒未申报: counts and time only, never who was reminded or by whom.
    reminder: reminder ? { at: reminder.lastAt, count: reminder.lastCount, times: reminder.times } : null,
    rows: page.map((r) => {
      const d = people.get(r.declarantId)
      const m = boardOf.get(r.declarantId)!
      const sub = entries.get(r.declarantId)
      const by = sub ? filed.get(sub) : undefined
      return {
        ...r, name: memberName(deps, m, d, r.maskedName), maskedDocNumber: d?.maskedDocNumber ?? '', filedBy: by ? filedByView(by, null) : null,
        nameConflict: m.altNameCipher !== null, otherName: m.altNameCipher ? deps.cipher.decrypt(m.altNameCipher) : null,
      }
    }),
    total: shown.length,
  }
}

/** 采集员提交当日数据: the day is locked for every filer (FAQ 2); a second lock keeps the first. */
export async function lockDay(deps: HealthDeps, openid: string, e: E<'lockDay'>): Promise<HealthData['lockDay']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = await requireCollector(deps, caller, e.orgId)
  const lockable = lockableDay(e.day, caller.now, org.createdAt)
  if (!lockable.ok) throw new AppError('DAY_OUT_OF_WINDOW', lockable.message, '请选择组织创建之后、今天及以前的日期。')
  const { stored } = await deps.health.dayLocks.lock({ id: healthIds.dayLock(org.id, e.day), orgId: org.id, day: e.day, lockedAt: caller.now, lockedBy: caller.identity.id })
  return { day: e.day, lockedAt: stored.lockedAt, counts: (await dayRows(deps, org, e.day)).counts }
}

/**
 * The collector settles which name the org knows a member by, when two filers
 * gave different ones for a document nobody can check. Conditional on the conflict still being
 * there (a second click, or a newer name arriving in between, changes nothing).
 */
export async function resolveName(deps: HealthDeps, openid: string, e: E<'resolveName'>): Promise<HealthData['resolveName']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = await requireCollector(deps, caller, e.orgId)
  const id = healthIds.membership(org.id, e.declarantId)
  const m = await deps.health.memberships.get(id)
  if (!m || m.state !== 'active') throw new AppError('NOT_A_MEMBER')
  if (m.altNameCipher === null) throw new AppError('BAD_REQUEST', '该成员的姓名没有待确认的不一致', '请刷新工作台后查看。')
  if (!(await deps.health.memberships.resolveName(id, m.altNameCipher, e.keep))) {
    throw new AppError('BAD_REQUEST', '该成员的姓名刚刚有更新', '请刷新工作台后重新确认。')
  }
  const after = await deps.health.memberships.get(id)
  return { name: after?.nameCipher ? deps.cipher.decrypt(after.nameCipher) : m.maskedName }
}

/** Reminders in flight at once: enough to finish a 5,000-member class inside a 60 s function, few enough not to flood the API. */
export const REMIND_BATCH = 20

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))))
  return out
}

/**
 * Remind the filers of everyone missing (each active self or proxy filer, once per declarant).
 * The counts are what happened: refused = the filer has not accepted the template (43101, they
 * must tap 提交 once in WeChat and allow), failed = any other error (worth trying again later).
 */
export async function remindMissing(deps: HealthDeps, openid: string, e: E<'remindMissing'>): Promise<HealthData['remindMissing']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = await requireCollector(deps, caller, e.orgId)
  // Nobody can be missing on a day that has not come or on which the org did not exist yet.
  const remindable = lockableDay(e.day, caller.now, org.createdAt)
  if (!remindable.ok) {
    const message = e.day > caller.today ? '该日期尚未到来，没有需要提醒的成员。' : remindable.message
    throw new AppError('DAY_OUT_OF_WINDOW', message, '请选择组织创建之后、今天及以前的日期。')
  }
  const { rows } = await dayRows(deps, org, e.day)
  const missing = rows.filter((x) => x.status === 'missing')
  // Only filers who reach this org: 本人, and proxies who joined the declarant through its card.
  const reach = new Set((await deps.health.reach.listByOrg(org.id)).map((x) => x.id))
  const filersOf = await inBatches(missing, REMIND_BATCH, async (r) => ({
    row: r,
    filers: (await deps.health.bindings.listByDeclarant(r.declarantId)).filter(
      (b) => b.state === 'active' && (b.relation === 'self' || reach.has(healthIds.reach(b.filerIdentityId, org.id, r.declarantId))),
    ),
  }))
  const tally = { reminded: 0, refused: 0, failed: 0, unreachable: filersOf.filter((x) => x.filers.length === 0).length }
  const sends = filersOf.flatMap(({ row, filers }) => filers.map((b) => ({ row, b })))
  const outcomes = await inBatches(sends, REMIND_BATCH, ({ row, b }) =>
    deps.notifier
      .remind({ toOpenid: b.filerOpenid, orgName: org.name, day: e.day, declarantMaskedName: row.maskedName, deadline: org.deadline, page: HEALTH_HOME_PAGE })
      .catch(() => 'failed' as const),
  )
  for (const o of outcomes) {
    if (o === 'sent') tally.reminded++
    else if (o === 'refused') tally.refused++
    else tally.failed++
  }
  // The trace the workbench shows (已于 HH:mm 提醒 N 位填报人), on every device of the collector and
  // after a reload; written only when there was someone to remind (a locked day has nobody missing).
  if (missing.length > 0) {
    await deps.health.dayReminders.record({ orgId: org.id, day: e.day, at: caller.now, by: caller.identity.id, count: tally.reminded })
  }
  return tally
}

export const MAX_RANGE_DAYS = 62

export function daysOf(range: { from: string; to: string }): string[] {
  const out: string[] = []
  for (let d = range.from; d <= range.to && out.length <= MAX_RANGE_DAYS; d = addDays(d, 1)) out.push(d)
  if (out.length > MAX_RANGE_DAYS) throw new AppError('BAD_REQUEST', `日期范围不能超过 ${MAX_RANGE_DAYS} 天`)
  return out
}

/** Statistics over days (counts per day) for the workbench chart. */
export async function stats(deps: HealthDeps, openid: string, e: E<'stats'>): Promise<HealthData['stats']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = await requireCollector(deps, caller, e.orgId)
  // Days before the org existed have nothing to count.
  const days = daysOf(e.range).filter((d) => d <= caller.today && d >= dayOf(org.createdAt))
  const out = []
  for (const day of days) {
    const { counts, lock } = await dayRows(deps, org, day)
    out.push({ day, due: isDueDay(day, org.frequency), locked: lock !== null, ...counts })
  }
  return { days: out }
}
