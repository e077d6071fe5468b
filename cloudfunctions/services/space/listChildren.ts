import type { SpaceData } from '../../../types/space'
import { loadCaller } from './caller'
import { childSummaries } from './childSummary'
import type { SpaceDeps } from './spaceDeps'

/** Every child this parent linked (SPEC §3: several children, each linked separately). */
export async function listChildren(deps: SpaceDeps, openid: string, token: string): Promise<SpaceData['children']> {
  const caller = await loadCaller(deps, openid, token)
  return { children: await childSummaries(deps, caller.identity.id) }
}
