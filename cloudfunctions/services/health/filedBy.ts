import type { FiledBy, HealthData } from '../../../types/health'
import { maskName } from '../../domain/mask'
import type { HealthDeps } from './healthDeps'

/**
 * Who filed the counted entry, and when: when a proxy's submission replaced the
 * declarant's own (or another proxy's), the list, the workbench and the next filer say so.
 * Names are masked, as everywhere a filer looks; the filer's own entry says 本人/您.
 */
export async function filedByOf(deps: HealthDeps, submissionIds: readonly string[]): Promise<Map<string, FiledBy>> {
  const subs = await deps.health.submissions.getMany(submissionIds)
  const out = new Map<string, FiledBy>()
  await Promise.all(
    subs.map(async (s) => {
      if (s.byCollector) return void out.set(s.id, { by: 'collector', filerId: s.filerIdentityId, maskedName: '采集员', at: s.submittedAt })
      const [binding, identity] = await Promise.all([
        deps.health.bindings.get(`${s.filerIdentityId}:${s.declarantId}`),
        deps.stores.identities.get(s.filerIdentityId),
      ])
      const maskedName = identity ? maskName(deps.cipher.decrypt(identity.nameCipher)) : '**'
      out.set(s.id, { by: binding?.relation === 'self' ? 'self' : 'proxy', filerId: s.filerIdentityId, maskedName, at: s.submittedAt })
    }),
  )
  return out
}

/** How a filer reads it: 本人 / 代填人 **明 / 采集员, or 您 for the viewer's own entry. */
export function filedByText(f: FiledBy, viewerId: string | null): string {
  if (viewerId !== null && f.filerId === viewerId) return '您'
  return f.by === 'self' ? '本人' : f.by === 'collector' ? '采集员' : `代填人${f.maskedName}`
}

type FiledByView = NonNullable<HealthData['formContext']['today']['filedBy']>

/** What a viewer is sent: the words and the time, never the filer's id. */
export function filedByView(f: FiledBy, viewerId: string | null): FiledByView {
  return { text: filedByText(f, viewerId), at: f.at, mine: viewerId !== null && f.filerId === viewerId }
}
