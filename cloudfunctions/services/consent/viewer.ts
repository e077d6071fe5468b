import type { RequestView } from '../../../types/consentModels'
import { canAuthorizeForSelf } from '../../domain/guardian/age'
import { sexOfIdNumber } from '../../domain/guardian/screenLink'
import { validateIdNumber } from '../../domain/idNumber'
import { eligibility, type SignerFacts } from '../../domain/consent/signers'
import { viewerRole } from '../../domain/consent/viewer'
import type { AuthRequest, BusinessSystem } from '../../ports/consentStores'
import type { Caller } from '../space/caller'
import type { ConsentDeps } from './consentDeps'
import { openApplicant, optionIdOf, requestView, signerFacts, type Viewer } from './requestRecords'

/**
 * The caller as the request sees them (domain/consent/viewer.ts): the signer facts plus who they
 * are to the student. "Named parent" asks the registry for birth certificates naming the caller
 * and keeps those of a child born on the student's birth date with the student's sex (both encoded
 * in the ID number): it only chooses wording (family or not), it grants nothing.
 */
export async function viewerOf(deps: ConsentDeps, caller: Caller, request: AuthRequest, known?: SignerFacts): Promise<Viewer> {
  const applicant = openApplicant(deps, request)
  // `known`: the caller's facts for this student, read moments ago in the same call.
  const facts = known ?? (await signerFacts(deps, { identityId: caller.identity.id, idNumber: caller.idNumber }, applicant.studentIdNumber))
  const student = validateIdNumber(applicant.studentIdNumber)
  const isStudent = caller.idNumber === applicant.studentIdNumber
  const certs = student.ok && !isStudent ? await deps.registry.birthCertificatesNaming(caller.idNumber, caller.name) : []
  const namedParent = student.ok && certs.some((c) => c.birthTime.slice(0, 10) === student.birthDate && c.sex === sexOfIdNumber(student.idNumber))
  const role = viewerRole(
    {
      isStudent,
      studentUnder14: isStudent && (!student.ok || !canAuthorizeForSelf(student.birthDate, deps.clock.now())),
      isApplicantParent: caller.idNumber === applicant.parentIdNumber,
      namedParent,
      signedAPart: request.parts.some((p) => p.signerId === caller.identity.id),
      canSignAPart: request.parts.some((p) => eligibility(p.key, facts, optionIdOf(deps)).kind === 'signable'),
    },
    facts,
  )
  return { identityId: caller.identity.id, facts, role }
}

/** The request view with the fields each signed part's consent actually grants (minimal authorization). */
/** `known`: fields of consents this call has just created (consent id → fields), not read again. */
export async function requestViewFor(deps: ConsentDeps, r: AuthRequest, system: BusinessSystem, viewer: Viewer, known?: ReadonlyMap<string, string[]>): Promise<RequestView> {
  const granted = new Map<string, string[]>()
  const ids = r.parts.filter((p) => p.status === 'signed' && p.consentId).map((p) => p.consentId!)
  for (const id of ids) if (known?.has(id)) granted.set(id, known.get(id)!)
  // The others in one round trip.
  const read = await Promise.all(ids.filter((id) => !granted.has(id)).map((id) => deps.consent.consents.get(id)))
  for (const c of read) if (c) granted.set(c.id, c.fields)
  return requestView(deps, r, system, viewer, granted)
}
