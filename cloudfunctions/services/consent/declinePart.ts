import type { ConsentData } from '../../../types/consent'
import { DECLINE_REASONS, type PartKey } from '../../../types/consentModels'
import { AppError } from '../../domain/errors'
import { isExpired, markUnavailable } from '../../domain/consent/request'
import { eligibility } from '../../domain/consent/signers'
import { loadCaller } from '../space/caller'
import type { ConsentDeps } from './consentDeps'
import { loadRequest, optionIdOf } from './requestRecords'
import { updateRequest } from './updateRequest'
import { requestViewFor, viewerOf } from './viewer'

/**
 * 无法在线授权 (seed 000 notes 3–4): a family member (domain/consent/viewer.ts) may say a pending
 * part cannot be authorized online; the application then goes in as 待审类（含未授权） with that
 * reason. Refused on an expired request (nothing to change any more), to someone with no tie to the
 * student, to the student, and to whoever could sign that part themselves: they sign instead. The
 * declaration does not bind the rightful signer, who can still sign the part (domain/consent/request.ts).
 */
export async function declinePart(deps: ConsentDeps, openid: string, token: string, e: { code: string; part: PartKey; reason: string }): Promise<ConsentData['decline']> {
  const caller = await loadCaller(deps, openid, token)
  const { request, system } = await loadRequest(deps, e.code)
  const message = (DECLINE_REASONS[e.part] as Record<string, string>)[e.reason]
  if (!message) throw new AppError('BAD_REQUEST', '该原因不适用于此证照')
  // A stranger learns only that it is not theirs, not whether it has expired.
  const viewer = await viewerOf(deps, caller, request)
  if (viewer.role === 'unrelated') throw new AppError('REQUEST_NOT_RELATED')
  if (isExpired(request, deps.clock.now())) throw new AppError('REQUEST_EXPIRED')
  if (viewer.role === 'student_minor') throw new AppError('GUARDIAN_REQUIRED')
  if (viewer.role === 'student') throw new AppError('NOT_RIGHTFUL_SIGNER')
  if (request.parts.some((p) => p.key === e.part) && eligibility(e.part, viewer.facts, optionIdOf(deps)).kind === 'signable') {
    throw new AppError('SIGNER_SHOULD_SIGN')
  }
  const next = await updateRequest(deps, request.id, (r) => markUnavailable(r, e.part, { code: e.reason, message }, deps.clock.now()))
  return { request: await requestViewFor(deps, next, system, viewer) }
}
