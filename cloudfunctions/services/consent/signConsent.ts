import type { ConsentData } from '../../../types/consent'
import type { PartKey } from '../../../types/consentModels'
import { AppError } from '../../domain/errors'
import { fieldValues, type PartItem } from '../../domain/consent/fields'
import { isExpired, sign } from '../../domain/consent/request'
import { choose, eligibility, type SignerFacts } from '../../domain/consent/signers'
import { canAuthorizeForSelf } from '../../domain/guardian/age'
import { validateIdNumber } from '../../domain/idNumber'
import type { AuthRequest, BusinessSystem } from '../../ports/consentStores'
import { requireRecentVerification } from '../requireRecentVerification'
import { loadCaller, type Caller } from '../space/caller'
import { recordAccess } from '../space/recordAccess'
import type { ConsentDeps } from './consentDeps'
import { appendLedger, pseudonym } from './ledger'
import { updateRequest } from './updateRequest'
import { loadSystem, openApplicant, optionIdOf, optionLabel, readRequest, requestNotice, signerFacts } from './requestRecords'
import type { Notice } from '../../domain/consent/notice'
import { requireSameNotice, storeNotice } from './notices'
import { requestViewFor, viewerOf } from './viewer'

export interface PartChoice {
  part: PartKey
  optionId?: string
  fields: string[]
}

/** PIPL art. 31 (seed 000 Q5): a student under 14 never authorizes their own data. */
function assertNotChildSelf(deps: ConsentDeps, caller: Caller, studentIdNumber: string): void {
  if (caller.idNumber !== studentIdNumber) return
  const id = validateIdNumber(studentIdNumber)
  if (!id.ok || !canAuthorizeForSelf(id.birthDate, deps.clock.now())) throw new AppError('GUARDIAN_REQUIRED')
}

/**
 * Prepares one part for signing (SPEC §4 签署授权): checks the caller is its rightful signer now and
 * that the chosen item qualifies, and writes nothing; commitPart then records it.
 */
export async function preparePart(deps: ConsentDeps, caller: Caller, request: AuthRequest, choice: PartChoice, known?: SignerFacts): Promise<Prepared> {
  const applicant = openApplicant(deps, request)
  assertNotChildSelf(deps, caller, applicant.studentIdNumber)
  // `known`: the caller's facts for this student, read moments ago in the same call.
  const facts = known ?? (await signerFacts(deps, { identityId: caller.identity.id, idNumber: caller.idNumber }, applicant.studentIdNumber))
  const elig = eligibility(choice.part, facts, optionIdOf(deps))
  const picked = choose(elig, choice.optionId)
  // Say why this signer cannot sign this part (e.g. no property at the register address), not only that they cannot.
  if (typeof picked === 'string' && elig.kind !== 'signable') throw new AppError(picked, elig.reason.message)
  if (typeof picked === 'string') throw new AppError(picked)
  // Dry run of the transition: refusals (already signed, scope) surface before anything is written.
  const dry = sign(request, choice.part, { consentId: 'dry', signerId: caller.identity.id, signerLabel: '', fields: choice.fields }, deps.clock.now())
  if (!dry.ok) throw new AppError(dry.refusal)
  const item: PartItem =
    choice.part === 'household_register' ? { part: choice.part, register: picked.item as never, studentIdNumber: applicant.studentIdNumber }
      : choice.part === 'birth_certificate' ? { part: choice.part, certificate: picked.item as never }
        : { part: choice.part, property: picked.item as never }
  void fieldValues(item) // a snapshot that cannot yield its fields is a bug: fail before anything is written
  return { choice, item, optionId: picked.optionId, label: optionLabel(picked.item), facts }
}

export interface Prepared {
  /** The signer's facts for this student, as read for the check (the answer's view reuses them). */
  facts: SignerFacts
  choice: PartChoice
  item: PartItem
  optionId: string
  label: string
}

/**
 * Commits one prepared part. Order matters (a crash or refusal at any step must not strand the
 * part): the grant goes into the ledger and the consent is kept first, and only then is the part
 * claimed on the request (CAS). Until that claim wins no request part points at the consent, so the
 * business system cannot read it (biz.ts reads only through the part's consentId); if the claim is
 * refused (another signer got there first) the consent just created is revoked, in the store and
 * in the ledger, and the refusal goes back to the caller with the part untouched.
 */
export async function commitPart(
  deps: ConsentDeps, caller: Caller, request: AuthRequest, system: BusinessSystem, p: Prepared, notice: Notice, deferAccess?: Array<() => Promise<void>>,
): Promise<string> {
  const { choice, item } = p
  const consentId = `cs_${deps.ids.id()}`
  const now = deps.clock.now()
  const actor = pseudonym(deps, 'person', caller.identity.id)
  // The 授权说明 is kept under its hash beside the grant that names it (an idempotent insert: the
  // same round trip as the ledger's enqueue).
  const [grant] = await Promise.all([
    appendLedger(deps, { consent: consentId, action: 'grant', fields: choice.fields, actor, notice: notice.hash }),
    storeNotice(deps, notice),
  ])
  try {
    await deps.consent.consents.create({
      id: consentId,
      requestId: request.id,
      systemId: system.id,
      part: choice.part,
      signerId: caller.identity.id,
      itemLabel: p.label,
      itemCipher: deps.cipher.encrypt(JSON.stringify(item)),
      optionId: p.optionId,
      fields: choice.fields,
      state: 'active',
      grantedAt: now,
      expiresAt: request.expiresAt,
      revokedAt: null,
      grantIndex: grant.index,
      revokeIndex: null,
      grantRef: grant.ref,
      revokeRef: null,
      noticeHash: notice.hash,
    })
  } catch (e) {
    // No consent exists: close the grant in the ledger too, so the log never shows a live grant
    // for nothing. Best effort: the original failure is what the caller must see.
    await appendLedger(deps, { consent: consentId, action: 'revoke', fields: choice.fields, actor }).catch(() => undefined)
    throw e
  }
  try {
    await updateRequestSigned(deps, request, choice, { consentId, signerId: caller.identity.id, signerLabel: caller.maskedName })
  } catch (e) {
    await withdrawUnclaimed(deps, consentId, choice.fields, actor)
    throw e
  }
  // The 档案袋 item follows the claim; `deferAccess`: the caller writes it beside its next read.
  const access = () => recordAccess(deps, {
    identityId: caller.identity.id,
    actorLabel: caller.maskedName,
    action: 'authorize',
    credentialTypes: [choice.part],
    fields: choice.fields,
    note: `授权给${system.name}：${request.applicationType}（学生${request.studentMasked}）`,
  })
  if (deferAccess) deferAccess.push(access)
  else await access()
  return consentId
}

/** The claim on the request failed: the consent no part points to is revoked (conditional) and the revocation logged. */
async function withdrawUnclaimed(deps: ConsentDeps, consentId: string, fields: string[], actor: string): Promise<void> {
  try {
    if (!(await deps.consent.consents.revoke(consentId, deps.clock.now()))) return
    const revoke = await appendLedger(deps, { consent: consentId, action: 'revoke', fields, actor })
    await deps.consent.consents.setRevokeIndex(consentId, revoke.index, revoke.ref)
  } catch {
    // Unreadable either way (no part points to it); the holder can still 注销 it from 我的授权.
  }
}

/** The claim, tried first on the request as this call read it (its version decides), rereading only on a lost race. */
function updateRequestSigned(deps: ConsentDeps, known: AuthRequest, choice: PartChoice, s: { consentId: string; signerId: string; signerLabel: string }) {
  return updateRequest(deps, known.id, (r) => sign(r, choice.part, { ...s, fields: choice.fields }, deps.clock.now()), known)
}

export async function signConsent(deps: ConsentDeps, openid: string, token: string, e: { code: string; parts: PartChoice[]; notice?: string }): Promise<ConsentData['sign']> {
  // The request named by the code is read beside the session (looked at only once the caller is
  // known); its system beside the caller's facts for the student. The errors keep their order.
  const requestRead = readRequest(deps, e.code)
  requestRead.catch(() => undefined)
  const caller = await loadCaller(deps, openid, token)
  requireRecentVerification(deps, caller.session)
  const read = await requestRead
  const factsRead = read
    ? Promise.resolve().then(() => signerFacts(deps, { identityId: caller.identity.id, idNumber: caller.idNumber }, openApplicant(deps, read).studentIdNumber))
    : Promise.resolve(undefined)
  factsRead.catch(() => undefined)
  const { request, system } = await loadSystem(deps, read)
  const facts = await factsRead
  // Someone with no tie to the student learns only that, as when opening it: not whether the
  // request has expired, nor why they may not sign a part (the register address, the household head).
  const viewer = await viewerOf(deps, caller, request, facts)
  if (viewer.role === 'unrelated') throw new AppError('REQUEST_NOT_RELATED')
  if (isExpired(request, deps.clock.now())) throw new AppError('REQUEST_EXPIRED')
  if (new Set(e.parts.map((p) => p.part)).size !== e.parts.length) throw new AppError('SCOPE_INVALID')
  // What the holder agrees to is the text they read: a page showing an older one signs nothing.
  const notice = requestNotice(request, system)
  requireSameNotice(notice, e.notice)
  const prepared: Prepared[] = []
  for (const choice of e.parts) prepared.push(await preparePart(deps, caller, request, choice, viewer.facts))
  const consentIds: string[] = []
  const deferred: Array<() => Promise<void>> = []
  for (const p of prepared) consentIds.push(await commitPart(deps, caller, request, system, p, notice, deferred))
  // The request as it is now (another signer may have signed meanwhile), read beside the 档案袋
  // items; its system and the caller's facts were read moments ago in this call, and the fields
  // of the consents just created are known.
  const [now] = await Promise.all([deps.consent.requests.get(request.id), ...deferred.map((write) => write())])
  const after = now ?? request
  const created = new Map(prepared.map((p, i) => [consentIds[i], p.choice.fields]))
  return { consentIds, request: await requestViewFor(deps, after, system, await viewerOf(deps, caller, after, viewer.facts), created) }
}
