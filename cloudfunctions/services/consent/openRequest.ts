import type { ConsentData } from '../../../types/consent'
import { loadCaller } from '../space/caller'
import type { ConsentDeps } from './consentDeps'
import { loadRequest, openApplicant, requestView, signerFacts } from './requestRecords'

/** The request from its QR code / link, as the logged-in person may act on it (SPEC §4). */
export async function openRequest(deps: ConsentDeps, openid: string, token: string, code: string): Promise<ConsentData['open']> {
  const caller = await loadCaller(deps, openid, token)
  const { request, system } = await loadRequest(deps, code)
  const facts = await signerFacts(deps, { identityId: caller.identity.id, idNumber: caller.idNumber }, openApplicant(deps, request).studentIdNumber)
  return { request: requestView(deps, request, system, { identityId: caller.identity.id, facts }) }
}
