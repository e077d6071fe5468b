import { AppError } from '../../domain/errors'
import type { Transition } from '../../domain/consent/request'
import type { AuthRequest } from '../../ports/consentStores'
import type { ConsentDeps } from './consentDeps'

/**
 * Applies a pure transition to the stored request by compare-and-set on its version, re-reading
 * and re-deciding when another signer got there first (two parents signing at once).
 */
export async function updateRequest(deps: ConsentDeps, id: string, step: (r: AuthRequest) => Transition<AuthRequest>, known?: AuthRequest): Promise<AuthRequest> {
  for (let attempt = 0; attempt < 8; attempt++) {
    // `known`: the request as the caller just read it; the compare-and-set on its version tells
    // whether it is still current (one round trip fewer), and a lost race rereads.
    const current = attempt === 0 && known?.id === id ? known : await deps.consent.requests.get(id)
    if (!current) throw new AppError('REQUEST_NOT_FOUND')
    const t = step(current)
    if (!t.ok) throw new AppError(t.refusal)
    if (await deps.consent.requests.replace(t.request, current.version)) return t.request
  }
  throw new AppError('CONFLICT')
}
