import type { ConsentData } from '../../../types/consent'
import { AppError } from '../../domain/errors'
import { loadCaller } from '../space/caller'
import type { ConsentDeps } from './consentDeps'
import { loadRequest } from './requestRecords'
import { requestViewFor, viewerOf } from './viewer'

/** The request from its QR code / link, as the logged-in person may act on it (SPEC §4). */
export async function openRequest(deps: ConsentDeps, openid: string, token: string, code: string): Promise<ConsentData['open']> {
  const caller = await loadCaller(deps, openid, token)
  const { request, system } = await loadRequest(deps, code)
  const viewer = await viewerOf(deps, caller, request)
  // A stranger (mistyped or borrowed code) learns only that it is not theirs: no status, parts or signers.
  if (viewer.role === 'unrelated') throw new AppError('REQUEST_NOT_RELATED')
  return { request: await requestViewFor(deps, request, system, viewer) }
}
