import type { DayStatus, DeclarantView, OrgView } from '../../../types/health'
import { isDueDay } from '../../domain/health/calendar'
import type { Binding, Declarant, Org } from '../../ports/healthStores'
import type { HealthDeps } from './healthDeps'
import { filedByOf, filedByView } from './filedBy'

export function orgView(org: Org, callerIdentityId: string): OrgView {
  return {
    orgId: org.id, name: org.name, deadline: org.deadline, frequency: org.frequency,
    role: org.collectorIdentityId === callerIdentityId ? 'collector' : 'member', collectorMaskedName: org.collectorMaskedName,
  }
}

/** The status of one declarant in one org on one day, as the lists and the workbench show it. */
export function dayStatus(org: Org, day: string, submitted: boolean, locked: boolean): DayStatus {
  if (submitted) return 'submitted'
  if (locked) return 'locked'
  return isDueDay(day, org.frequency) ? 'missing' : 'not_due'
}

/** A declarant with each active org's status today (FAQ 12): only ever for someone allowed to see them. */
/** `maskedName`: the name the viewer gave (their binding's), else the declarant record's. */
export async function declarantView(
  deps: HealthDeps, d: Declarant, relation: Binding['relation'], today: string, viewerId: string, maskedName: string | null = null,
): Promise<DeclarantView> {
  const active = (await deps.health.memberships.listByDeclarant(d.id)).filter((m) => m.state === 'active')
  // A proxy sees the declarant only in the orgs they joined them through; 本人 in all.
  const reached = await Promise.all(active.map((m) => (relation === 'self' ? true : deps.health.reach.has(viewerId, m.orgId, d.id))))
  const memberships = active.filter((_, i) => reached[i])
  const orgs = await Promise.all(
    memberships.map(async (m) => {
      const org = await deps.health.orgs.get(m.orgId)
      if (!org) return null
      const [entry, lock] = await Promise.all([deps.health.dayEntries.get(org.id, today, d.id), deps.health.dayLocks.get(org.id, today)])
      const filed = entry ? (await filedByOf(deps, [entry.submissionId])).get(entry.submissionId) : undefined
      return {
        filedBy: filed ? filedByView(filed, viewerId) : null,
        orgId: org.id, orgName: org.name, deadline: org.deadline, today: dayStatus(org, today, entry !== null, lock !== null),
        lastSubmittedAt: entry?.submittedAt ?? null, abnormal: (entry?.abnormal.length ?? 0) > 0, locked: lock !== null,
      }
    }),
  )
  return {
    declarantId: d.id, maskedName: maskedName ?? d.maskedName, docType: d.docType, maskedDocNumber: d.maskedDocNumber, relation,
    orgs: orgs.filter((o): o is NonNullable<typeof o> => o !== null),
  }
}

/** The caller's 申报人列表: active bindings only; a removed declarant is gone from it (still a member). */
export async function myDeclarantViews(deps: HealthDeps, identityId: string, today: string): Promise<DeclarantView[]> {
  const bindings = (await deps.health.bindings.listByFiler(identityId)).filter((b) => b.state === 'active')
  const declarants = new Map((await deps.health.declarants.getMany(bindings.map((b) => b.declarantId))).map((d) => [d.id, d]))
  const views = await Promise.all(
    bindings.map((b) => declarants.get(b.declarantId)).map((d, i) => (d ? declarantView(deps, d, bindings[i].relation, today, identityId, bindings[i].maskedName) : null)),
  )
  // Self first, then in the order they were added.
  return views.filter((v): v is DeclarantView => v !== null).sort((a, b) => Number(b.relation === 'self') - Number(a.relation === 'self'))
}
