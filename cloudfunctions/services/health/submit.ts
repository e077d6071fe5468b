import { HealthForm, type HealthData, type HealthEvent } from '../../../types/health'
import { AppError } from '../../domain/errors'
import { deadlineOf, isOpenFor, resolveDayChoice, yesterdayOf } from '../../domain/health/calendar'
import { abnormalities, classifyRetry, submissionId } from '../../domain/health/declaration'
import type { Org, Submission } from '../../ports/healthStores'
import { requireFiling } from './access'
import { loadHealthCaller, type HealthCaller } from './caller'
import type { HealthDeps } from './healthDeps'
import { orgView } from './views'

type E<A extends HealthEvent['action']> = Extract<HealthEvent, { action: A }>

const CLOSED = { locked: 'DAY_LOCKED', deadline_passed: 'DAY_CLOSED', out_of_window: 'DAY_OUT_OF_WINDOW' } as const

async function windowOf(deps: HealthDeps, caller: HealthCaller, org: Org, declarantId: string, day: string, asCollector: boolean) {
  const [entry, lock] = await Promise.all([deps.health.dayEntries.get(org.id, day, declarantId), deps.health.dayLocks.get(org.id, day)])
  // The collector may change a locked or closed day (seed 002 FAQ 2: 联系采集员).
  const decision = isOpenFor({ day, nowMs: caller.now, deadline: org.deadline, locked: lock !== null && !asCollector, alreadySubmitted: entry !== null && !asCollector })
  return {
    day, kind: day === caller.today ? ('today' as const) : ('backfill' as const), open: decision.open,
    late: decision.open ? decision.late : false, reason: decision.open ? null : decision.message,
    submitted: entry !== null, locked: lock !== null, deadlineAt: deadlineOf(day, org.deadline), entry,
    closedCode: decision.open ? null : CLOSED[decision.reason],
  }
}

const readForm = (deps: HealthDeps, s: Submission) => HealthForm.parse(JSON.parse(deps.cipher.decrypt(s.formCipher)))

/** The daily form's page: which org and declarant, whether today / yesterday are open, the last answers to start from. */
export async function formContext(deps: HealthDeps, openid: string, e: E<'formContext'>): Promise<HealthData['formContext']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const { org, asCollector } = await requireFiling(deps, caller, e.orgId, e.declarantId)
  const declarant = await deps.health.declarants.get(e.declarantId)
  if (!declarant) throw new AppError('NOT_FOUND')
  const [today, yesterday] = await Promise.all([
    windowOf(deps, caller, org, declarant.id, caller.today, asCollector),
    windowOf(deps, caller, org, declarant.id, yesterdayOf(caller.today), asCollector),
  ])
  const last = today.entry ?? yesterday.entry
  const lastSub = last ? await deps.health.submissions.get(last.submissionId) : null
  const binding = asCollector ? null : await deps.health.bindings.get(`${caller.identity.id}:${declarant.id}`)
  const { entry: _t, closedCode: _tc, ...todayView } = today
  const { entry: _y, closedCode: _yc, ...yesterdayView } = yesterday
  return {
    org: orgView(org, caller.identity.id), asCollector,
    declarant: { declarantId: declarant.id, maskedName: declarant.maskedName, docType: declarant.docType, maskedDocNumber: declarant.maskedDocNumber, relation: binding?.relation ?? 'proxy' },
    today: todayView, yesterday: yesterdayView, lastForm: lastSub ? readForm(deps, lastSub) : null,
    // The collector gets no reminders (no binding), so is not asked to subscribe.
    remindTemplateId: asCollector ? null : deps.notifier.subscribeTemplateId,
  }
}

/**
 * 提交当日数据 / 补提交昨日数据. Order matters (declaration.ts): a retry of a stored clientId is
 * answered with the stored submission before any day rule, so 重新提交 after a lost reply never
 * fails and never counts twice; then the day rules; then the store, which re-checks the lock
 * atomically with the insert.
 */
export async function submitDeclaration(deps: HealthDeps, openid: string, e: E<'submitDeclaration'>): Promise<HealthData['submitDeclaration']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const { org, asCollector } = await requireFiling(deps, caller, e.orgId, e.declarantId)
  const id = submissionId(org.id, e.declarantId, e.clientId)
  const replay = (s: Submission) => ({ declarationId: s.id, day: s.day, submittedAt: s.submittedAt, late: s.late, replayed: true })
  const stored = await deps.health.submissions.get(id)
  const verdict = classifyRetry(stored && { ...stored, form: readForm(deps, stored) }, { form: e.form })
  if (verdict.kind === 'conflict') throw new AppError('CLIENT_ID_REUSED')
  if (verdict.kind === 'replay') return replay(verdict.stored)
  const day = resolveDayChoice(e.day, caller.now)
  const w = await windowOf(deps, caller, org, e.declarantId, day, asCollector)
  if (w.closedCode) throw new AppError(w.closedCode)
  const sub: Submission = {
    id, orgId: org.id, declarantId: e.declarantId, day, clientId: e.clientId.toLowerCase(), submittedAt: caller.now, late: w.late,
    filerIdentityId: caller.identity.id, byCollector: asCollector, formCipher: deps.cipher.encrypt(JSON.stringify(e.form)), abnormal: abnormalities(e.form),
  }
  const out = await deps.health.submissions.record(sub, { respectLock: !asCollector })
  if (out.kind === 'locked') throw new AppError('DAY_LOCKED')
  return out.created ? { declarationId: sub.id, day, submittedAt: sub.submittedAt, late: sub.late, replayed: false } : replay(out.stored)
}
