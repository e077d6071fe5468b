import { createHash } from 'node:crypto'
import { decodeLeaf } from '../../cloudfunctions/domain/ledger/leaf'
import { noticeLines } from '../../cloudfunctions/domain/consent/notice'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * 授权说明 over HTTP: the page gets the canonical text with the request, 同意 sends its hash back,
 * a stale or forged hash is refused with nothing written, and the grant leaf, the consent, the
 * holder's 查看授权说明 and the school's reads all name the same text by its hash.
 */
const { as, biz, request, cloud } = useConsentCloud()
const ledgerSize = () => cloud().deps.consent.ledger.size()
const sha = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex')

let code: string
let shown: { text: string; hash: string }

beforeAll(async () => {
  const r = await biz('createRequest', request())
  code = r.body.data.code
})

it('the consent page gets the canonical 授权说明: its hash is SHA-256 of the text; no names, ID numbers or 授权码', async () => {
  const mum = await as(F14.mum)
  const { request: view } = await mum.cok('open', { code })
  shown = view.notice
  expect(shown.hash).toBe(sha(shown.text))
  expect(shown.text.normalize('NFC')).toBe(shown.text)
  const { title, rows } = noticeLines(shown.text)
  expect(title).toBe('证照授权说明（第1版）')
  expect(rows.map((r) => r.k)).toEqual(['业务系统', '申请事项', '用途', '佐证', '申请证照', '申请证照', '授权范围', '有效期至', '撤回方式', '同意声明'])
  expect(rows.find((r) => r.k === '业务系统')?.v).toBe(view.systemName)
  expect(rows.find((r) => r.k === '有效期至')?.v).toBe(view.expiresAtText)
  for (const personal of ['何沐阳', '李婉婷', '何俊杰', F14.kid, F14.mum, F14.dad, code, '**阳']) expect(shown.text).not.toContain(personal)
  // Every signer of the request reads the same text.
  expect((await (await as(F14.dad)).cok('open', { code })).request.notice).toEqual(shown)
})

it('同意 with a forged or stale hash is refused (NOTICE_CHANGED) and writes nothing', async () => {
  const mum = await as(F14.mum)
  const before = await ledgerSize()
  const forged = await mum.consent('sign', { code, agreed: true, notice: 'ab'.repeat(32), parts: [{ part: 'property', fields: ['address'] }] })
  expect(forged).toMatchObject({ ok: false, error: { code: 'NOTICE_CHANGED', hint: '授权说明已更新，请重新阅读后再同意。' } })
  expect(await ledgerSize()).toBe(before)
  expect(await cloud().deps.consent.notices.get(shown.hash)).toBeNull()
  expect((await mum.cok('open', { code })).request.parts.find((p) => p.key === 'property')?.status).toBe('pending')
  expect((await mum.cok('mine')).consents).toEqual([])
  // Not hex: refused at the boundary.
  expect(await mum.consent('sign', { code, agreed: true, notice: 'not-a-hash', parts: [{ part: 'property', fields: ['address'] }] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })

  // The business system changes its stated purpose after the page was read: the old text is stale.
  const system = (await cloud().deps.consent.systems.get(cloud().demoBizKey.split('.')[0]))!
  await cloud().deps.consent.systems.ensure({ ...system, purpose: `${system.purpose}及学位分配` })
  try {
    const stale = await mum.consent('sign', { code, agreed: true, notice: shown.hash, parts: [{ part: 'property', fields: ['address'] }] })
    expect(stale).toMatchObject({ ok: false, error: { code: 'NOTICE_CHANGED' } })
    expect(await ledgerSize()).toBe(before)
    const reread = (await mum.cok('open', { code })).request.notice
    expect(reread.hash).not.toBe(shown.hash)
    expect(reread.text).toContain('及学位分配')
  } finally {
    await cloud().deps.consent.systems.ensure(system)
  }
  expect((await mum.cok('open', { code })).request.notice).toEqual(shown)
})

it('同意 with the hash shown: the grant leaf carries it, the text is kept once under it, 我的授权 and the school read it', async () => {
  const mum = await as(F14.mum)
  const dad = await as(F14.dad)
  const signed = await mum.cok('sign', { code, agreed: true, notice: shown.hash, parts: [{ part: 'property', fields: ['address', 'certificateNumber'] }] })
  await dad.cok('sign', { code, agreed: true, notice: shown.hash, parts: [{ part: 'household_register', fields: ['address'] }] })
  const consent = (await cloud().deps.consent.consents.get(signed.consentIds[0]))!
  expect(consent.noticeHash).toBe(shown.hash)
  const entry = (await cloud().deps.consent.ledger.entry(consent.grantIndex!))!
  const leaf = decodeLeaf(entry.leaf)!
  expect(leaf).toMatchObject({ action: 'grant', consent: consent.id, notice: shown.hash })
  // Nothing personal in the leaf: the hash only.
  expect(entry.leaf).not.toMatch(/李婉婷|何沐阳|4413/)
  expect((await cloud().deps.consent.notices.get(shown.hash))?.text).toBe(shown.text)
  const mine = (await mum.cok('mine')).consents.find((c) => c.consentId === consent.id)!
  expect(mine.noticeHash).toBe(shown.hash)
  expect(await mum.cok('notice', { hash: shown.hash })).toEqual({ hash: shown.hash, text: shown.text })
  expect(await mum.consent('notice', { hash: 'cd'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'NOTICE_NOT_FOUND' } })
  // The proof of the consent shows the same leaf: the device checks the text against it.
  const { bundle } = await mum.cok('proof', { consentId: consent.id })
  expect(decodeLeaf(bundle.records[0]?.leaf ?? bundle.pending![0].leaf)?.notice).toBe(shown.hash)
  // The school's reads name the text the consent was given under.
  const read = await biz('read', { code, part: 'property' })
  expect(read.body.data).toMatchObject({ part: 'property', notice: shown.hash })
  const form = (await biz('form', { code })).body.data
  expect(form.notices).toEqual([{ part: 'household_register', notice: shown.hash }, { part: 'property', notice: shown.hash }])
})

it('重新授权 renews the same terms: the new grant carries the request\'s notice in force', async () => {
  const mum = await as(F14.mum)
  const old = (await mum.cok('mine')).consents.find((c) => c.part === 'property')!
  await mum.cok('revoke', { consentId: old.consentId })
  const { consent } = await mum.cok('reauthorize', { consentId: old.consentId, agreed: true })
  expect(consent.noticeHash).toBe(shown.hash)
  const stored = (await cloud().deps.consent.consents.get(consent.consentId))!
  expect(decodeLeaf((await cloud().deps.consent.ledger.entry(stored.grantIndex!))!.leaf)?.notice).toBe(shown.hash)
  // A revocation is no consent act: its leaf carries no notice.
  const revoked = (await cloud().deps.consent.consents.get(old.consentId))!
  expect(decodeLeaf((await cloud().deps.consent.ledger.entry(revoked.revokeIndex!))!.leaf)?.notice).toBeUndefined()
})
