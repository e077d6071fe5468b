import type { BirthCertificate } from '../../../types/registry'
import type { SpaceData } from '../../../types/space'
import { shanghaiYmd } from '../../domain/calendar'
import { matchGuardian } from '../../domain/guardian/matchGuardian'
import { explain } from '../../domain/guardian/reasons'
import { screenLink } from '../../domain/guardian/screenLink'
import { maskName } from '../../domain/mask'
import { loadCaller } from './caller'
import { summarizeLink } from './childSummary'
import { openCredential, ownCredential } from './credentialRecords'
import { recordAccess } from './recordAccess'
import type { SpaceDeps } from './spaceDeps'

type LinkEvent = { birthCertificateId: string; childIdNumber: string; currentName?: string }

/**
 * 关联被监护人 (SPEC §3, seed 001 §2.1.2): from a birth certificate in the caller's own space, the
 * child's ID number (and, renamed, current name) → the pure rule in domain/guardian decides.
 * A refusal is an answer, not an error: it carries the precise reason and the fallback.
 */
export async function linkChild(deps: SpaceDeps, openid: string, token: string, e: LinkEvent): Promise<SpaceData['linkChild']> {
  const caller = await loadCaller(deps, openid, token)
  const held = await ownCredential(deps, caller.identity.id, e.birthCertificateId)
  const cert = openCredential(deps, held)
  if (cert.type !== 'birth_certificate' || held.subjectKind !== 'self') {
    // Only one's own claimed birth certificate proves the tie (seed 000 Q5).
    const { code, message, fallback } = explain({ code: 'NO_BIRTH_CERT' })
    return { linked: false, reason: { code, message, fallback, details: {} } }
  }
  const request = { parentIdNumber: caller.idNumber, birthCertificate: cert.data, childIdNumber: e.childIdNumber, today: shanghaiYmd(deps.clock.now()) }
  // The typed number may be a stranger's child: the registry is asked only once the number agrees
  // with this parent's own certificate on everything it encodes (sex, birth date).
  const screening = screenLink(request)
  const registers = screening.ok ? await deps.registry.registersOf(screening.screened.childIdNumber) : []
  const otherCertificates = screening.ok ? await otherBirthCertificates(deps, caller.identity.id, held.id) : []
  const match = screening.ok ? matchGuardian({ ...request, currentName: e.currentName, registers, otherCertificates }) : screening
  if (!match.ok) {
    const { code, message, fallback, ...details } = match.reason
    return { linked: false, reason: { code, message, fallback, details } }
  }
  const link = match.link
  const childIdentityId = deps.cipher.keyedHash(link.childIdNumber)
  const { stored, created } = await deps.stores.childLinks.ensure({
    id: `link-${deps.cipher.keyedHash(`link|${caller.identity.id}|${childIdentityId}`).slice(0, 40)}`,
    parentIdentityId: caller.identity.id,
    childIdentityId,
    birthCertificateId: held.id,
    payloadCipher: deps.cipher.encrypt(JSON.stringify(link)),
    linkedAt: deps.clock.now(),
    wardClaimedAt: null,
  })
  if (created) {
    const note = `关联被监护人${maskName(link.childName)}${link.renamed ? '（曾用名核对）' : ''}`
    await recordAccess(deps, { identityId: caller.identity.id, actorLabel: caller.maskedName, action: 'link', credentialTypes: ['birth_certificate', 'household_register'], fields: ['name', 'sex', 'birthDate'], note })
    await recordAccess(deps, { identityId: childIdentityId, actorKind: 'guardian', actorLabel: caller.maskedName, action: 'link', credentialTypes: ['household_register'], fields: ['name', 'sex', 'birthDate'], note })
  }
  // A repeated link finds the same record (the id is keyed on parent and child): say 已关联, record nothing.
  return { linked: true, alreadyLinked: !created, child: summarizeLink(deps, stored) }
}

/** The caller's own birth certificates besides the one linking from (twins, siblings). */
async function otherBirthCertificates(deps: SpaceDeps, holderIdentityId: string, exceptId: string) {
  const held = await deps.stores.credentials.listByHolder(holderIdentityId)
  const others: Array<{ id: string; cert: BirthCertificate }> = []
  for (const c of held) {
    if (c.id === exceptId || c.type !== 'birth_certificate' || c.subjectKind !== 'self') continue
    const p = openCredential(deps, c)
    if (p.type === 'birth_certificate') others.push({ id: c.id, cert: p.data })
  }
  return others
}
