import type { SpaceData } from '../../../types/space'
import { loadCaller } from './caller'
import { viewReport } from './reportCredentialError'
import type { SpaceDeps } from './spaceDeps'

/** The caller's own error reports with their state, newest first. */
export async function listErrorReports(deps: SpaceDeps, openid: string, token: string): Promise<SpaceData['listReports']> {
  const caller = await loadCaller(deps, openid, token)
  const reports = await deps.stores.reports.listByHolder(caller.identity.id)
  return { reports: reports.map((r) => viewReport(deps, r)) }
}
