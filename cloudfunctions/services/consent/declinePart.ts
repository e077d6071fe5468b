import type { ConsentData } from '../../../types/consent'
import { DECLINE_REASONS, type PartKey } from '../../../types/consentModels'
import { AppError } from '../../domain/errors'
import { markUnavailable } from '../../domain/consent/request'
import { loadCaller } from '../space/caller'
import type { ConsentDeps } from './consentDeps'
import { loadRequest, openApplicant, requestView, signerFacts } from './requestRecords'
import { updateRequest } from './updateRequest'

/**
 * 无法在线授权 (seed 000 notes 3–4): the parent named on the application, a parent linked to the
 * student, or someone on the student's register may say a pending part cannot be authorized
 * online; the application then goes in as 待审类（含未授权） with that reason. A stranger holding
 * the code cannot.
 */
export async function declinePart(deps: ConsentDeps, openid: string, token: string, e: { code: string; part: PartKey; reason: string }): Promise<ConsentData['decline']> {
  const caller = await loadCaller(deps, openid, token)
  const { request, system } = await loadRequest(deps, e.code)
  const message = (DECLINE_REASONS[e.part] as Record<string, string>)[e.reason]
  if (!message) throw new AppError('BAD_REQUEST', '该原因不适用于此证照')
  const applicant = openApplicant(deps, request)
  const facts = await signerFacts(deps, { identityId: caller.identity.id, idNumber: caller.idNumber }, applicant.studentIdNumber)
  const related =
    caller.idNumber === applicant.parentIdNumber ||
    facts.birthCertificate !== null ||
    facts.studentRegisters.some((h) => h.members.some((m) => m.idNumber === caller.idNumber))
  if (!related || caller.idNumber === applicant.studentIdNumber) throw new AppError('NOT_RIGHTFUL_SIGNER')
  const next = await updateRequest(deps, request.id, (r) => markUnavailable(r, e.part, { code: e.reason, message }, deps.clock.now()))
  return { request: requestView(deps, next, system, { identityId: caller.identity.id, facts }) }
}
