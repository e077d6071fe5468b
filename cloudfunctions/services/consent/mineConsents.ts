import type { ConsentData } from '../../../types/consent'
import { PART_TITLES, type ConsentView } from '../../../types/consentModels'
import { AppError } from '../../domain/errors'
import { isExpired, revoke as revokePart } from '../../domain/consent/request'
import { chinaTime } from '../../domain/consent/time'
import type { Consent } from '../../ports/consentStores'
import { requireRecentVerification } from '../requireRecentVerification'
import { loadCaller, type Caller } from '../space/caller'
import { recordAccess } from '../space/recordAccess'
import type { ConsentDeps } from './consentDeps'
import { appendLedger, proofBundle, pseudonym } from './ledger'
import { fieldViews, loadRequest, openApplicant, requestNotice } from './requestRecords'
import { commitPart, preparePart } from './signConsent'
import { updateRequest } from './updateRequest'
import { ConsentReceipt, readLeaf, RECEIPT_STATE_TEXT, RECEIPT_TYPE } from '../../domain/consent/receipt'
import { fromHex } from '../../domain/ledger/hash'
import { formatTlogProof } from '../../domain/ledger/tlogProof'

/** The holder's view of one consent (我的授权): state, what, for whom, and whether 重新授权 applies. */
async function consentView(deps: ConsentDeps, c: Consent): Promise<ConsentView> {
  const { request, system } = await loadRequest(deps, c.requestId)
  const now = deps.clock.now()
  const state = c.state === 'revoked' ? 'revoked' : now >= c.expiresAt ? 'expired' : 'active'
  const part = request.parts.find((p) => p.key === c.part)
  return {
    consentId: c.id,
    code: request.id,
    systemName: system.name,
    purpose: system.purpose,
    applicationType: request.applicationType,
    studentMasked: request.studentMasked,
    // Per holder, so two holders' keys for the same child cannot be matched up.
    studentKey: deps.cipher.keyedHash(`mine-student|${c.signerId}|${openApplicant(deps, request).studentIdNumber}`).slice(0, 16),
    part: c.part,
    title: PART_TITLES[c.part],
    item: c.itemLabel,
    fields: fieldViews(c.part, c.fields),
    state,
    canReauthorize: state === 'revoked' && part?.status === 'revoked' && part.consentId === c.id && !isExpired(request, now),
    grantedAt: c.grantedAt,
    expiresAt: c.expiresAt,
    timeText: `${chinaTime(c.grantedAt)} 授权 · 有效期至 ${chinaTime(c.expiresAt)}${c.revokedAt ? ` · ${chinaTime(c.revokedAt)} 注销` : ''}`,
    grantedAtText: chinaTime(c.grantedAt),
    expiresAtText: chinaTime(c.expiresAt),
    revokedAtText: c.revokedAt ? chinaTime(c.revokedAt) : null,
    ledgerIndex: c.grantIndex,
    noticeHash: c.noticeHash ?? null,
  }
}

/** The caller's own consent or CONSENT_NOT_FOUND (someone else's id answers the same, so ids cannot be probed). */
async function ownConsent(deps: ConsentDeps, caller: Caller, consentId: string): Promise<Consent> {
  return mine(caller, await deps.consent.consents.get(consentId))
}

function mine(caller: Caller, c: Consent | null): Consent {
  if (!c || c.signerId !== caller.identity.id) throw new AppError('CONSENT_NOT_FOUND')
  return c
}

export async function listMyConsents(deps: ConsentDeps, openid: string, token: string): Promise<ConsentData['mine']> {
  const caller = await loadCaller(deps, openid, token)
  const consents = await deps.consent.consents.listBySigner(caller.identity.id)
  const views: ConsentView[] = []
  for (const c of consents) views.push(await consentView(deps, c))
  return { consents: views }
}

/**
 * 注销 (SPEC §4): the consent flips to revoked in one conditional write, so the very next read is
 * refused; then the ledger, the request and the history catch up. If a catch-up step failed last
 * time (revoked, but no revoke entry in the ledger, or the request still shows the part signed),
 * calling again finishes the job instead of answering CONSENT_REVOKED.
 */
export async function revokeConsent(deps: ConsentDeps, openid: string, token: string, consentId: string): Promise<ConsentData['revoke']> {
  const caller = await loadCaller(deps, openid, token)
  const c = await ownConsent(deps, caller, consentId)
  if (c.state === 'revoked') {
    if (!(await revocationUnfinished(deps, c))) throw new AppError('CONSENT_REVOKED')
  } else if (!(await deps.consent.consents.revoke(c.id, deps.clock.now()))) {
    // Another call won the flip; it does the rest.
    throw new AppError('CONSENT_REVOKED')
  }
  await finishRevocation(deps, caller, c)
  return { consent: await consentView(deps, (await deps.consent.consents.get(c.id))!) }
}

async function revocationUnfinished(deps: ConsentDeps, c: Consent): Promise<boolean> {
  if (c.revokeIndex === null && !c.revokeRef) return true
  const { request } = await loadRequest(deps, c.requestId)
  const part = request.parts.find((p) => p.key === c.part)
  return part?.consentId === c.id && part.status === 'signed'
}

/** Each step is skipped when already done, so a repeated call after a failure completes what is missing. */
async function finishRevocation(deps: ConsentDeps, caller: Caller, c: Consent): Promise<void> {
  if (c.revokeIndex === null && !c.revokeRef) {
    const revoke = await appendLedger(deps, { consent: c.id, action: 'revoke', fields: c.fields, actor: pseudonym(deps, 'person', caller.identity.id) })
    await deps.consent.consents.setRevokeIndex(c.id, revoke.index, revoke.ref)
  }
  await updateRequest(deps, c.requestId, (r) => {
    const part = r.parts.find((p) => p.key === c.part)
    // A later consent may already hold the part: then this revocation changes only itself (no
    // write at all: an unchanged CAS can report 0 modified on CloudBase).
    if (part?.consentId !== c.id) return { ok: false, refusal: 'NOT_SIGNED' }
    return revokePart(r, c.part, caller.identity.id, deps.clock.now())
  }).catch((e: unknown) => {
    if (!(e instanceof AppError && e.code === 'NOT_SIGNED')) throw e
  })
  const { request, system } = await loadRequest(deps, c.requestId)
  await recordAccess(deps, {
    identityId: caller.identity.id,
    actorLabel: caller.maskedName,
    action: 'revoke',
    credentialTypes: [c.part],
    fields: c.fields,
    note: `注销对${system.name}的授权：${request.applicationType}`,
  })
}

/** 重新授权: the same part, item and fields as a new consent, after a fresh face check (SPEC §4). */
export async function reauthorizeConsent(deps: ConsentDeps, openid: string, token: string, consentId: string): Promise<ConsentData['reauthorize']> {
  const caller = await loadCaller(deps, openid, token)
  const c = await ownConsent(deps, caller, consentId)
  if (c.state !== 'revoked') throw new AppError('CONSENT_NOT_REVOKED')
  requireRecentVerification(deps, caller.session)
  const { request, system } = await loadRequest(deps, c.requestId)
  const part = request.parts.find((p) => p.key === c.part)
  if (part?.status === 'signed') throw new AppError('ALREADY_SIGNED')
  // Only the consent the part still stands revoked by, as 我的授权 offers it (canReauthorize): not an
  // older one a later signature replaced, not one withdrawn before it took effect, not after the
  // family declared the part (the request page is where that part is signed again).
  if (part?.status !== 'revoked' || part.consentId !== c.id) throw new AppError('CONSENT_SUPERSEDED')
  const prepared = await preparePart(deps, caller, request, { part: c.part, optionId: c.optionId, fields: c.fields })
  // 重新授权 renews the same terms: the request's 授权说明 in force now.
  const id = await commitPart(deps, caller, request, system, prepared, requestNotice(request, system))
  return { consent: await consentView(deps, (await deps.consent.consents.get(id))!) }
}

/**
 * 查看授权说明: the text kept under this hash, exactly as stored. Not checked here: the device
 * checks it against the grant leaf it proved (a changed text must reach it, not be hidden).
 * Notices hold no personal data; a signed-in caller may read any by its hash.
 */
export async function readNotice(deps: ConsentDeps, openid: string, token: string, hash: string): Promise<ConsentData['notice']> {
  await loadCaller(deps, openid, token)
  const n = await deps.consent.notices.get(hash)
  if (!n) throw new AppError('NOTICE_NOT_FOUND')
  return { hash: n.id, text: n.text }
}

export async function consentProof(deps: ConsentDeps, openid: string, token: string, e: { consentId: string; knownSize?: number }): Promise<ConsentData['proof']> {
  // The consent named by the event is read beside the session; whose it is is checked once both are in.
  const [caller, read] = await Promise.all([loadCaller(deps, openid, token), deps.consent.consents.get(e.consentId)])
  const c = mine(caller, read)
  // Records from before promises have indexes only; later ones have the promises' ids.
  const entries = [
    { index: c.grantIndex, ref: c.grantRef ?? null },
    ...(c.revokeIndex !== null || c.revokeRef ? [{ index: c.revokeIndex, ref: c.revokeRef ?? null }] : []),
  ]
  // The 授权说明 agreed to, read beside the proofs (one round trip), as stored: the device checks it.
  const [bundle, notice] = await Promise.all([proofBundle(deps, entries, e.knownSize), c.noticeHash ? deps.consent.notices.get(c.noticeHash) : null])
  return { consentId: c.id, bundle, notice: notice ? { hash: notice.id, text: notice.text } : null }
}

/** Whose platform holds the credentials and shares them on the holder's word (the receipt's 27560 piiControllers). */
export const RECEIPT_CONTROLLER = '粤省事·学校服务数字空间'

/**
 * 授权凭证 (domain/consent/receipt.ts): the holder's own consent only, as a file anyone can check
 * offline. Whose it is is checked before anything is read from the ledger, so a refused request
 * (someone else's consent, a guardian asking for the other parent's) writes nothing. Every record
 * of the consent must be in the ledger's tree: a record only promised so far answers RECEIPT_PENDING.
 */
export async function consentReceipt(deps: ConsentDeps, openid: string, token: string, consentId: string): Promise<ConsentData['receipt']> {
  const [caller, read] = await Promise.all([loadCaller(deps, openid, token), deps.consent.consents.get(consentId)])
  const c = mine(caller, read)
  const wanted = [
    { action: 'grant' as const, index: c.grantIndex, ref: c.grantRef ?? null },
    ...(c.revokeIndex !== null || c.revokeRef ? [{ action: 'revoke' as const, index: c.revokeIndex, ref: c.revokeRef ?? null }] : []),
  ]
  const bundle = await proofBundle(deps, wanted.map(({ index, ref }) => ({ index, ref })), undefined)
  if ((bundle.pending?.length ?? 0) > 0 || bundle.records.length !== wanted.length) throw new AppError('RECEIPT_PENDING')
  const view = await consentView(deps, c)
  const { system } = await loadRequest(deps, c.requestId)
  const ledger = bundle.records.map((rec, k) => ({
    action: wanted[k].action,
    leaf: rec.leaf,
    proof: formatTlogProof({ extra: null, index: rec.index, inclusion: rec.inclusion.map((h) => fromHex(h)!), checkpoint: bundle.checkpoint }),
  }))
  // The notice hash, when the grant's leaf carries one (read from its JSON: older leaves have none).
  const notice = readLeaf(ledger[0].leaf)?.notice ?? null
  const receipt: ConsentReceipt = {
    type: RECEIPT_TYPE,
    issuedAt: deps.clock.now(),
    log: { origin: bundle.origin },
    record: {
      recordId: c.id,
      piiControllers: [{ name: RECEIPT_CONTROLLER }],
      recipientThirdParties: [{ name: system.name }],
      purposes: [{ purpose: system.purpose, applicationType: view.applicationType }],
      piiInformation: { credential: { key: c.part, title: view.title }, item: view.item, fields: view.fields },
      piiPrincipal: { masked: view.studentMasked },
      eventTime: c.grantedAt,
      eventTimeText: view.grantedAtText,
      validityDuration: { until: c.expiresAt, untilText: view.expiresAtText },
      eventState: view.state,
      eventStateText: RECEIPT_STATE_TEXT[view.state],
      revokedAt: c.revokedAt,
      revokedAtText: view.revokedAtText,
      privacyNotice: notice ? { hash: notice } : null,
    },
    ledger,
  }
  return { receipt: ConsentReceipt.parse(receipt), fileName: `consent-receipt-${c.id}.json` }
}
