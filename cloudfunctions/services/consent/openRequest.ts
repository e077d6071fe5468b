import type { ConsentData } from '../../../types/consent'
import { loadCaller } from '../space/caller'
import type { ConsentDeps } from './consentDeps'
import { loadRequest } from './requestRecords'
import { AppError } from '../../domain/errors'
import { requestViewFor, viewerOf } from './viewer'

/**
 * The request from its QR code / link, as the logged-in person may act on it (SPEC §4). Someone with
 * no tie to the student learns only that the code is not theirs (issue 9): no status, no signer, no
 * school, the same answer whatever state the request is in.
 */
export async function openRequest(deps: ConsentDeps, openid: string, token: string, code: string): Promise<ConsentData['open']> {
  const caller = await loadCaller(deps, openid, token)
  const { request, system } = await loadRequest(deps, code)
  const viewer = await viewerOf(deps, caller, request)
  if (viewer.role === 'unrelated') throw new AppError('REQUEST_NOT_RELATED')
  return { request: await requestViewFor(deps, request, system, viewer) }
}
