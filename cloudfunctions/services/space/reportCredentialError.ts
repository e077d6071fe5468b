import { CREDENTIAL_TITLES, type SpaceData } from '../../../types/space'
import type { CredentialReport } from '../../ports/spaceStores'
import { loadCaller } from './caller'
import { ownCredential } from './credentialRecords'
import { recordCredentialAccess } from './recordCredentialAccess'
import type { SpaceDeps } from './spaceDeps'

type ReportView = SpaceData['listReports']['reports'][number]

/** The description is free text a person typed: stored encrypted, shown only to its author. */
export function viewReport(deps: SpaceDeps, r: CredentialReport): ReportView {
  const { id, credentialId, type, fields, state, createdAt, updatedAt } = r
  return { reportId: id, credentialId, type, title: CREDENTIAL_TITLES[type], fields, description: deps.cipher.decrypt(r.descriptionCipher), state, createdAt, updatedAt }
}

/** 纠错反馈 (SPEC §2): stored as 已提交; the issuing department moves it on (not simulated yet). */
export async function reportCredentialError(
  deps: SpaceDeps,
  openid: string,
  token: string,
  e: { credentialId: string; fields: string[]; description: string },
): Promise<SpaceData['reportError']> {
  const caller = await loadCaller(deps, openid, token)
  const credential = await ownCredential(deps, caller.identity.id, e.credentialId)
  const now = deps.clock.now()
  const report: CredentialReport = {
    id: `report-${deps.ids.id()}`,
    holderIdentityId: caller.identity.id,
    credentialId: credential.id,
    type: credential.type,
    fields: [...new Set(e.fields)],
    descriptionCipher: deps.cipher.encrypt(e.description),
    state: '已提交',
    createdAt: now,
    updatedAt: now,
  }
  await deps.stores.reports.create(report)
  await recordCredentialAccess(deps, caller, credential, { action: 'report', fields: report.fields })
  return { report: viewReport(deps, report) }
}
