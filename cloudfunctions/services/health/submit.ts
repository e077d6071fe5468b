import { HealthForm, type HealthData, type HealthEvent } from '../../../types/health'
import { AppError } from '../../domain/errors'
import { collectorWindow, deadlineOf, isOpenFor, resolveDayChoice, yesterdayOf } from '../../domain/health/calendar'
import { abnormalities, classifyRetry, submissionId } from '../../domain/health/declaration'
import type { DayEntry, DayLock, Membership, Org, Submission } from '../../ports/healthStores'
import { requireFiling } from './access'
import { loadHealthCaller, type HealthCaller } from './caller'
import type { HealthDeps } from './healthDeps'
import { filedByOf, filedByView } from './filedBy'
import { orgView } from './views'

type E<A extends HealthEvent['action']> = Extract<HealthEvent, { action: A }>

const CLOSED = { locked: 'DAY_LOCKED', deadline_passed: 'DAY_CLOSED', out_of_window: 'DAY_OUT_OF_WINDOW', not_started: 'DAY_OUT_OF_WINDOW' } as const

type DayReads = [DayEntry | null, DayLock | null]

/** The day's counted entry and lock: one round trip. */
const dayReads = (deps: HealthDeps, orgId: string, day: string, declarantId: string): Promise<DayReads> =>
  Promise.all([deps.health.dayEntries.get(orgId, day, declarantId), deps.health.dayLocks.get(orgId, day)])

/** `read`: the day's entry and lock, read earlier; `withFiledBy: false` skips who filed the counted entry (a submit needs only the window). */
async function windowOf(deps: HealthDeps, caller: HealthCaller, org: Org, membership: Membership, day: string, asCollector: boolean, read?: DayReads, withFiledBy = true) {
  const declarantId = membership.declarantId
  const [entry, lock] = read ?? (await dayReads(deps, org.id, day, declarantId))
  // The collector may change a locked or closed day, and correct earlier ones (seed 002 FAQ 2: 联系采集员).
  const decision = asCollector
    ? collectorWindow({ day, nowMs: caller.now, deadline: org.deadline, orgCreatedAt: org.createdAt })
    : isOpenFor({
        day, nowMs: caller.now, deadline: org.deadline, locked: lock !== null, alreadySubmitted: entry !== null,
        orgCreatedAt: org.createdAt, joinedAt: membership.joinedAt,
      })
  const filed = entry && withFiledBy ? (await filedByOf(deps, [entry.submissionId])).get(entry.submissionId) : undefined
  return {
    filedBy: filed ? filedByView(filed, caller.identity.id) : null,
    day, kind: day === caller.today ? ('today' as const) : ('backfill' as const), open: decision.open,
    late: decision.open ? decision.late : false, reason: decision.open ? null : decision.message,
    submitted: entry !== null, locked: lock !== null, deadlineAt: deadlineOf(day, org.deadline), entry,
    closedCode: decision.open ? null : CLOSED[decision.reason],
    /** Before the org or the membership began: the filer is told so, not the generic 只能提交本日数据… */
    notStarted: !decision.open && decision.reason === 'not_started',
  }
}

const readForm = (deps: HealthDeps, s: Submission) => HealthForm.parse(JSON.parse(deps.cipher.decrypt(s.formCipher)))

/**
 * The answers the form starts from: the newest counted entry (picked day, today, yesterday) that
 * this caller filed. A second proxy, or one who took a freed slot, must never see the phone,
 * whereabouts and answers another filer typed; only the org's collector sees any filer's.
 */
async function lastOwnSubmission(
  deps: HealthDeps, caller: HealthCaller, asCollector: boolean, entries: Array<{ submissionId: string } | null | undefined>,
): Promise<Submission | null> {
  for (const entry of entries) {
    if (!entry) continue
    const sub = await deps.health.submissions.get(entry.submissionId)
    if (sub && (asCollector || sub.filerIdentityId === caller.identity.id)) return sub
  }
  return null
}

/** A filer naming a day instead of 'today' / 'yesterday': only the collector corrects other days. */
const onlyCollectorCorrects = () =>
  new AppError('DAY_OUT_OF_WINDOW', '只能提交本日数据，或补提交昨日数据', '更早日期的申报数据如需更正，请联系采集员说明变动情况。')

/** The daily form's page: which org and declarant, whether today / yesterday are open, the last answers to start from. */
export async function formContext(deps: HealthDeps, openid: string, e: E<'formContext'>): Promise<HealthData['formContext']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const { org, asCollector, membership, binding } = await requireFiling(deps, caller, e.orgId, e.declarantId)
  if (e.day && !asCollector) throw onlyCollectorCorrects()
  const [declarant, today, yesterday, picked] = await Promise.all([
    deps.health.declarants.get(e.declarantId),
    windowOf(deps, caller, org, membership, caller.today, asCollector),
    windowOf(deps, caller, org, membership, yesterdayOf(caller.today), asCollector),
    e.day ? windowOf(deps, caller, org, membership, e.day, asCollector) : null,
  ])
  if (!declarant) throw new AppError('NOT_FOUND')
  const lastSub = await lastOwnSubmission(deps, caller, asCollector, [picked?.entry, today.entry, yesterday.entry])
  const { entry: _t, closedCode: _tc, notStarted: _tn, ...todayView } = today
  const { entry: _y, closedCode: _yc, notStarted: _yn, ...yesterdayView } = yesterday
  const pickedView = picked && (({ entry: _p, closedCode: _pc, notStarted: _pn, ...view }) => view)(picked)
  return {
    org: orgView(org, caller.identity.id), asCollector,
    // The name the filer gave (their binding's); the collector sees the name the org knows.
    declarant: { declarantId: declarant.id, maskedName: binding?.maskedName ?? (asCollector ? membership.maskedName : declarant.maskedName), docType: declarant.docType, maskedDocNumber: declarant.maskedDocNumber, relation: binding?.relation ?? 'proxy' },
    today: todayView, yesterday: yesterdayView, picked: pickedView, lastForm: lastSub ? readForm(deps, lastSub) : null,
    // The collector gets no reminders (no binding), so is not asked to subscribe.
    remindTemplateId: asCollector ? null : deps.notifier.subscribeTemplateId,
  }
}

/**
 * 提交当日数据 / 补提交昨日数据, or the collector's correction of a named day. Order matters (declaration.ts): a retry of a stored clientId is
 * answered with the stored submission before any day rule, so 重新提交 after a lost reply never
 * fails and never counts twice; then the day rules; then the store, which re-checks the lock
 * atomically with the insert.
 */
export async function submitDeclaration(deps: HealthDeps, openid: string, e: E<'submitDeclaration'>): Promise<HealthData['submitDeclaration']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  // The retry's stored submission and the chosen day's entry and lock are read beside the access
  // check (one round trip) and looked at only once the check has passed. The day a collector's
  // correction names is the event's own; today/yesterday come from the clock.
  const id = submissionId(e.orgId, e.declarantId, e.clientId)
  const chosen = e.day === 'today' || e.day === 'yesterday'
  const day = chosen ? resolveDayChoice(e.day as 'today' | 'yesterday', caller.now) : e.day
  const [{ org, asCollector, membership }, stored, read] = await Promise.all([
    requireFiling(deps, caller, e.orgId, e.declarantId),
    deps.health.submissions.get(id),
    dayReads(deps, e.orgId, day, e.declarantId),
  ])
  const replay = (s: Submission) => ({ declarationId: s.id, day: s.day, submittedAt: s.submittedAt, late: s.late, replayed: true })
  const verdict = classifyRetry(stored && { ...stored, form: readForm(deps, stored) }, { form: e.form })
  if (verdict.kind === 'conflict') throw new AppError('CLIENT_ID_REUSED')
  if (verdict.kind === 'replay') return replay(verdict.stored)
  // A filer may name today's or yesterday's date instead of the choice: a declaration queued on the
  // phone (src/services/healthOutbox.ts) and sent after midnight still files the day it was filled for.
  if (!chosen && !asCollector && day !== caller.today && day !== yesterdayOf(caller.today)) throw onlyCollectorCorrects()
  const w = await windowOf(deps, caller, org, membership, day, asCollector, membership.declarantId === e.declarantId ? read : undefined, false)
  if (w.closedCode) {
    if (asCollector) throw new AppError(w.closedCode, w.reason ?? undefined, '请在工作台选择组织创建之后、今天及以前的日期。')
    if (w.notStarted) throw new AppError(w.closedCode, w.reason ?? undefined, '加入组织之前的日期无需申报，请提交本日数据。')
    throw new AppError(w.closedCode)
  }
  const sub: Submission = {
    id, orgId: org.id, declarantId: e.declarantId, day, clientId: e.clientId.toLowerCase(), submittedAt: caller.now, late: w.late,
    filerIdentityId: caller.identity.id, byCollector: asCollector, formCipher: deps.cipher.encrypt(JSON.stringify(e.form)), abnormal: abnormalities(e.form),
  }
  const out = await deps.health.submissions.record(sub, { respectLock: !asCollector })
  if (out.kind === 'locked') throw new AppError('DAY_LOCKED')
  return out.created ? { declarationId: sub.id, day, submittedAt: sub.submittedAt, late: sub.late, replayed: false } : replay(out.stored)
}
