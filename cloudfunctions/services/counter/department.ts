import { createHash } from 'node:crypto'
import type { DeskData, DeskEvent } from '../../../types/counter'
import { shanghaiDateTime } from '../../domain/calendar'
import { AppError } from '../../domain/errors'
import { maskName } from '../../domain/mask'
import { readIdentity } from '../identityFields'
import type { CounterDeps } from './counterDeps'
import { deskCase, recordRead, refuseRead, requireLive, usableMaterials, type Desk } from './desk'
import { caseNow } from './views'

/**
 * 部门侧 (seed 004 §4): what the approver does with a live case: view its materials, preview and
 * print one, 预归档. Every call is a ledger read.
 */
type E<A extends DeskEvent['action']> = Extract<DeskEvent, { action: A }>

/**
 * 证照查看 (seed 004 §4(1)): the approver's list of the case's materials (titles and masked
 * summaries; the values are read only by 受理表单, 打印 and 预归档). Every call is on the ledger.
 */
export async function caseMaterials(deps: CounterDeps, desk: Desk, e: E<'materials'>): Promise<DeskData['materials']> {
  const c = await deskCase(deps, desk, e.caseId)
  await requireLive(deps, desk, c)
  const { matter, materials } = await usableMaterials(deps, c)
  const identity = await deps.stores.identities.get(c.holderId)
  // A view is a read like any other (seed 004 §4: 证照查看): on the ledger and in the 档案袋, naming what was shown.
  await recordRead(deps, desk, c, { what: '窗口查看证照清单', credentialTypes: materials.map((m) => m.type), fields: materials.map((m) => `${m.type}.summary`) })
  return {
    caseId: c.id, matterName: matter.name, holderMasked: identity ? maskName(readIdentity(deps.cipher, identity).name) : '办事人',
    state: (await caseNow(deps, c)).state, materials: materials.map(({ type, title, summary }) => ({ type, title, summary })),
    archive: c.archive ? { archivedAt: c.archive.archivedAt, materials: c.archive.materials } : null,
  }
}

/**
 * 证照打印 (seed 004 §4(2)): one credential of a live case as a PDF with only the matter's fields,
 * watermarked with the counter, the operator, the matter and the time. A ledger read like any other.
 */
export async function printMaterial(deps: CounterDeps, desk: Desk, e: E<'print'>): Promise<DeskData['print']> {
  const c = await deskCase(deps, desk, e.caseId)
  await requireLive(deps, desk, c)
  const { matter, materials } = await usableMaterials(deps, c)
  const m = materials.find((x) => x.type === e.type)
  if (!m) return refuseRead(deps, desk, c, 'COUNTER_READ_REFUSED', '该证照不在本次授权范围内')
  const now = deps.clock.now()
  const when = shanghaiDateTime(now)
  const bytes = await deps.pdf.render({
    title: m.title,
    sections: [{ title: `用于“${matter.name}”的信息`, fields: m.fields.map((f) => ({ label: f.label, value: f.value })) }],
    watermark: [`办理窗口：${desk.counter.name}`, `经办人：${desk.operator.name}`, `事项：${matter.name}`, `时间：${when}（北京时间）`, '仅限本事项办理使用'],
    createdAt: now,
  })
  await recordRead(deps, desk, c, { what: `窗口打印证照（${m.title}）`, credentialTypes: [m.type], fields: m.fields.map((f) => `${m.type}.${f.key}`) })
  return { filename: `${m.title}_${when.slice(0, 10).replace(/-/g, '')}.pdf`, contentType: 'application/pdf', base64: Buffer.from(bytes).toString('base64') }
}

/** The fingerprint of one material: SHA-256 of its fields as canonical JSON (key order as listed). */
export const materialHash = (type: string, fields: Array<{ key: string; value: string }>): string =>
  createHash('sha256').update(JSON.stringify({ type, fields: fields.map((f) => [f.key, f.value]) }), 'utf8').digest('hex')

/**
 * 预归档 (seed 004 §4(3)): after checking, the case keeps a record of each material used by its
 * hash, so the archive can later prove what was relied on without holding a copy. Once per case.
 */
export async function archiveCase(deps: CounterDeps, desk: Desk, e: E<'archive'>): Promise<DeskData['archive']> {
  const c = await deskCase(deps, desk, e.caseId)
  if (c.archive) return { archive: { archivedAt: c.archive.archivedAt, materials: c.archive.materials } }
  await requireLive(deps, desk, c)
  const { materials } = await usableMaterials(deps, c)
  const archive = { archivedAt: deps.clock.now(), operatorId: desk.operator.id, materials: materials.map((m) => ({ type: m.type, title: m.title, sha256: materialHash(m.type, m.fields) })) }
  if (!(await deps.counter.cases.replace({ ...c, archive, version: c.version + 1 }, c.version))) {
    const now = await deskCase(deps, desk, e.caseId)
    if (now.archive) return { archive: { archivedAt: now.archive.archivedAt, materials: now.archive.materials } }
    throw new AppError('CONFLICT')
  }
  await recordRead(deps, desk, c, { what: '窗口预归档证照', credentialTypes: materials.map((m) => m.type), fields: materials.flatMap((m) => m.fields.map((f) => `${m.type}.${f.key}`)) })
  return { archive: { archivedAt: archive.archivedAt, materials: archive.materials } }
}
