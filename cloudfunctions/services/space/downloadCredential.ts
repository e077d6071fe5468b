import type { SpaceData } from '../../../types/space'
import { shanghaiDateTime } from '../../domain/calendar'
import { maskIdNumber } from '../../domain/mask'
import { detailSections } from '../../domain/space/credentialView'
import { requireRecentVerification } from '../requireRecentVerification'
import { loadCaller } from './caller'
import { openCredential, ownCredential, summarize } from './credentialRecords'
import { recordCredentialAccess } from './recordCredentialAccess'
import type { SpaceDeps } from './spaceDeps'

/**
 * PDF of one's own credential (SPEC §2): the fields in full for the holder, and a watermark that
 * names who downloaded it (masked), why and when (China time), so a copy found later tells its
 * origin. Needs a recent verification like the detail page.
 */
export async function downloadCredential(
  deps: SpaceDeps,
  openid: string,
  token: string,
  e: { credentialId: string; purpose: string },
): Promise<SpaceData['download']> {
  const caller = await loadCaller(deps, openid, token)
  const credential = await ownCredential(deps, caller.identity.id, e.credentialId)
  requireRecentVerification(deps, caller.session)
  const now = deps.clock.now()
  const summary = summarize(deps, credential)
  const when = shanghaiDateTime(now)
  const bytes = await deps.pdf.render({
    title: summary.subject.kind === 'ward' ? `${summary.title}（被监护人）` : summary.title,
    sections: detailSections(openCredential(deps, credential)),
    watermark: [`下载人：${caller.maskedName}（${maskIdNumber(caller.idNumber)}）`, `用途：${e.purpose}`, `时间：${when}（北京时间）`, '仅限上述用途使用'],
    createdAt: now,
  })
  await recordCredentialAccess(deps, caller, credential, { action: 'download', note: `用途：${e.purpose}` })
  const filename = `${summary.title}_${when.slice(0, 10).replace(/-/g, '')}.pdf`
  return { filename, contentType: 'application/pdf', base64: Buffer.from(bytes).toString('base64') }
}
