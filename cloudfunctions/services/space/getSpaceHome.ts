import { CREDENTIAL_TITLES, CredentialType, type SpaceData } from '../../../types/space'
import { minorClaimRefusal, noRecordRefusal } from '../../domain/space/claimRefusal'
import { callerAge, loadCaller } from './caller'
import { credentialIdOf, summarize } from './credentialRecords'
import { childSummaries } from './childSummary'
import { registryCandidates } from './registryCandidates'
import type { SpaceDeps } from './spaceDeps'


/**
 * The space's home (SPEC §2): what is held (own and wards', marked 被监护人), what is missing and
 * whether 申领 would fetch it now or why not, linked children, counts.
 */
export async function getSpaceHome(deps: SpaceDeps, openid: string, token: string): Promise<SpaceData['home']> {
  const caller = await loadCaller(deps, openid, token)
  const stored = await deps.stores.credentials.listByHolder(caller.identity.id)
  const held = stored.map((c) => summarize(deps, c))
  const heldIds = new Set(stored.map((c) => c.id))
  const missing: SpaceData['home']['missing'] = []
  const age = callerAge(deps, caller)
  for (const type of CredentialType.options) {
    // Under 14: nothing is claimable here, whatever the registry holds (the same answer claim gives).
    const minor = minorClaimRefusal(type, age)
    if (minor) {
      missing.push({ type, title: CREDENTIAL_TITLES[type], claimable: false, available: 0, reasons: [minor] })
      continue
    }
    const { payloads, refused } = await registryCandidates(deps, caller, type)
    const available = payloads.filter((p) => !heldIds.has(credentialIdOf(deps, caller.identity.id, p, caller.idNumber))).length
    const ownHeld = stored.some((c) => c.type === type && c.subjectKind === 'self')
    if (available === 0 && ownHeld && refused.length === 0) continue
    // A type the registry holds nothing of for this person: said plainly, with the way out.
    const reasons = payloads.length === 0 && refused.length === 0 ? [noRecordRefusal(type, age)] : refused
    missing.push({ type, title: CREDENTIAL_TITLES[type], claimable: available > 0, available, reasons })
  }
  const children = await childSummaries(deps, caller.identity.id)
  const openReports = (await deps.stores.reports.listByHolder(caller.identity.id)).filter((r) => r.state !== '已处理').length
  const wardHeld = stored.filter((c) => c.subjectKind === 'ward').length
  return {
    held,
    missing,
    children,
    counts: { held: held.length - wardHeld, wardHeld, missing: missing.filter((m) => m.claimable).length, children: children.length, openReports },
  }
}
