import { publicKeyOf, signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { cosignCheckpoint } from '../../cloudfunctions/domain/ledger/cosignature'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { inclusionProof, lookupOfLeaves, rootOf } from '../../cloudfunctions/domain/ledger/proofs'
import { formatTlogProof, parseTlogProof } from '../../cloudfunctions/domain/ledger/tlogProof'
import { RECEIPT_TYPE, verifyReceipt, type ConsentReceipt, type ReceiptTrust } from '../../cloudfunctions/domain/consent/receipt'

/** A small log built with the ledger's own domain code, and receipts cut from it by hand. */
const ORIGIN = 'school-space.local/consent-ledger'
const KEY_NAME = 'school-space.local-ledger'
const logSecret = new Uint8Array(32).fill(11)
const w = [21, 22, 23].map((n, i) => ({ secret: new Uint8Array(32).fill(n), name: `witness${i + 1}.example` }))
const witnesses = w.map((x) => ({ name: x.name, publicKey: toHex(publicKeyOf(x.secret)) }))
const trust: ReceiptTrust = { origin: ORIGIN, keyName: KEY_NAME, publicKey: toHex(publicKeyOf(logSecret)) }
const T0 = 1_765_000_000_000
const FIELDS = [{ key: 'address', label: '房屋坐落' }, { key: 'certificateNumber', label: '不动产权证号' }]
const NOTICE = 'ab'.repeat(32)

const leaf = (consent: string, action: 'grant' | 'revoke' | 'read', at: number, fields = FIELDS.map((f) => f.key)) =>
  encodeLeaf({ v: 1, consent, action, fields: fieldSetHash(fields), actor: 'p'.repeat(32), at })
/** A grant leaf with the optional notice hash (the 授权说明 shown). */
const noticeLeaf = (consent: string, at: number) => encodeLeaf({ v: 1, consent, action: 'grant', fields: fieldSetHash(FIELDS.map((f) => f.key)), actor: 'p'.repeat(32), at, notice: NOTICE })

const leaves = [
  leaf('cs_other00001', 'grant', T0 - 5000),
  leaf('cs_receipt0001', 'grant', T0),
  leaf('cs_other00001', 'read', T0 + 100),
  leaf('cs_receipt0001', 'revoke', T0 + 60_000),
  noticeLeaf('cs_notice00001', T0 + 70_000),
  leaf('cs_other00001', 'revoke', T0 + 80_000),
]
const at = lookupOfLeaves(leaves.map(leafHashOfText))
const size = leaves.length
const checkpoint = signCheckpoint({ origin: ORIGIN, size, rootHash: toHex(rootOf(size, at)), timestamp: T0 + 90_000 }, KEY_NAME, logSecret)
const cosigned = (note: string, which: number[]) => which.reduce((n, i) => n + cosignCheckpoint(note, w[i].name, w[i].secret, Math.floor(T0 / 1000) + 100), note)
const proofOf = (index: number, note = checkpoint) => formatTlogProof({ extra: null, index, inclusion: inclusionProof(index, size, at), checkpoint: note })

function receipt(over: { state?: 'active' | 'revoked' | 'expired'; consent?: string; grantIndex?: number; revokeIndex?: number | null; note?: string; notice?: string | null } = {}): ConsentReceipt {
  const state = over.state ?? 'revoked'
  const grantIndex = over.grantIndex ?? 1
  const revokeIndex = over.revokeIndex === undefined ? (state === 'revoked' ? 3 : null) : over.revokeIndex
  return {
    type: RECEIPT_TYPE,
    issuedAt: T0 + 95_000,
    log: { origin: ORIGIN },
    record: {
      recordId: over.consent ?? 'cs_receipt0001',
      piiControllers: [{ name: '粤省事·学校服务数字空间' }],
      recipientThirdParties: [{ name: '惠城区义务教育招生报名系统' }],
      purposes: [{ purpose: '核验入学报名资料', applicationType: '2025惠城区义务教育' }],
      piiInformation: { credential: { key: 'property', title: '不动产权证书' }, item: '惠州市惠城区****（证号尾号0021）', fields: FIELDS },
      piiPrincipal: { masked: '**阳' },
      eventTime: T0 + 20,
      eventTimeText: '2025-12-06 13:46',
      validityDuration: { until: T0 + 30 * 86_400_000, untilText: '2026-01-05 13:46' },
      eventState: state,
      eventStateText: ({ active: '有效', revoked: '已撤销', expired: '已过期' } as const)[state],
      revokedAt: state === 'revoked' ? T0 + 60_010 : null,
      revokedAtText: state === 'revoked' ? '2025-12-06 13:47' : null,
      privacyNotice: over.notice ? { hash: over.notice } : null,
    },
    ledger: [
      { action: 'grant', leaf: leaves[grantIndex], proof: proofOf(grantIndex, over.note) },
      ...(revokeIndex !== null ? [{ action: 'revoke' as const, leaf: leaves[revokeIndex], proof: proofOf(revokeIndex, over.note) }] : []),
    ],
  }
}
const codes = (r: unknown, t: ReceiptTrust = trust) => verifyReceipt(r, t).failures.map((f) => f.code)

describe('verifyReceipt: what a receipt proves, against the trusted keys only', () => {
  it('a revoked consent with its grant and revocation verifies, and says what is proven', () => {
    const v = verifyReceipt(receipt(), trust)
    expect(v.failures).toEqual([])
    expect(v.ok).toBe(true)
    expect(v.proven).toMatchObject({ consentId: 'cs_receipt0001', state: 'revoked', witnesses: [], quorum: 0, notice: null })
    expect(v.proven!.entries).toEqual([
      { action: 'grant', index: 1, at: T0, treeSize: 6, checkpointTime: T0 + 90_000 },
      { action: 'revoke', index: 3, at: T0 + 60_000, treeSize: 6, checkpointTime: T0 + 90_000 },
    ])
  })

  it('an active consent with its grant only verifies', () => {
    expect(codes(receipt({ state: 'active' }))).toEqual([])
  })

  it('a leaf with the notice hash verifies when the record carries the same hash, and fails otherwise', () => {
    const r = receipt({ state: 'active', consent: 'cs_notice00001', grantIndex: 4, notice: NOTICE })
    r.record.eventTime = T0 + 70_000
    expect(verifyReceipt(r, trust)).toMatchObject({ ok: true, proven: { notice: NOTICE } })
    expect(codes({ ...r, record: { ...r.record, privacyNotice: { hash: 'cd'.repeat(32) } } })).toEqual(['notice-mismatch'])
    expect(codes({ ...r, record: { ...r.record, privacyNotice: null } })).toEqual(['notice-mismatch'])
    // A record claiming a notice its leaf does not carry.
    expect(codes(receipt({ state: 'active', notice: NOTICE }))).toEqual(['notice-mismatch'])
  })

  it('a tampered field list fails: the fields no longer hash to the leaf', () => {
    const r = receipt()
    r.record.piiInformation.fields = [...FIELDS, { key: 'ownerNames', label: '权利人' }]
    expect(codes(r)).toEqual(['fields-mismatch', 'fields-mismatch'])
    expect(verifyReceipt(r, trust).failures[0].message).toContain('授权内容与账本记录的字段哈希不符')
  })

  it('a swapped leaf fails: another consent’s grant, proven in the same tree', () => {
    const r = receipt({ state: 'active' })
    r.ledger[0] = { action: 'grant', leaf: leaves[0], proof: proofOf(0) }
    expect(codes(r)).toEqual(['leaf-other-consent'])
  })

  it('a leaf whose text was changed fails inclusion', () => {
    const r = receipt({ state: 'active' })
    r.ledger[0].leaf = r.ledger[0].leaf.replace(`"at":${T0}`, `"at":${T0 + 1}`)
    expect(codes(r)).toEqual(['inclusion'])
  })

  it('a revocation shown as the grant fails on its action; a read leaf never passes as either', () => {
    const r = receipt({ state: 'active' })
    r.ledger[0] = { action: 'grant', leaf: leaves[3], proof: proofOf(3) }
    expect(codes(r)).toEqual(['leaf-action'])
    const read = receipt({ state: 'active' })
    read.ledger[0] = { action: 'grant', leaf: leaves[2], proof: proofOf(2) }
    expect(codes(read)).toEqual(['leaf-other-consent'])
  })

  it('a wrong key fails the log signature; a key that is not 32 bytes is bad trust', () => {
    expect(codes(receipt(), { ...trust, publicKey: toHex(publicKeyOf(new Uint8Array(32).fill(12))) })).toEqual(['log-signature', 'log-signature'])
    expect(codes(receipt(), { ...trust, keyName: 'someone-else' })).toEqual(['log-signature', 'log-signature'])
    expect(codes(receipt(), { ...trust, publicKey: 'abcd' })).toEqual(['trust-invalid'])
  })

  it('a checkpoint from another origin fails, even signed by the trusted key', () => {
    const other = signCheckpoint({ origin: 'elsewhere.example/log', size, rootHash: toHex(rootOf(size, at)), timestamp: T0 }, KEY_NAME, logSecret)
    expect(codes(receipt({ state: 'active', note: other }))).toEqual(['origin-mismatch'])
  })

  it('a forged proof fails: a changed path hash, a wrong index, a path cut short', () => {
    const r = receipt({ state: 'active' })
    const p = parseTlogProof(r.ledger[0].proof)
    if (!p.ok) throw new Error(p.reason)
    const flipped = p.proof.inclusion.map((h, i) => (i === 0 ? Uint8Array.from(h, (b, j) => (j === 0 ? b ^ 1 : b)) : h))
    expect(codes({ ...r, ledger: [{ ...r.ledger[0], proof: formatTlogProof({ ...p.proof, inclusion: flipped }) }] })).toEqual(['inclusion'])
    expect(codes({ ...r, ledger: [{ ...r.ledger[0], proof: formatTlogProof({ ...p.proof, index: 0 }) }] })).toEqual(['inclusion'])
    expect(codes({ ...r, ledger: [{ ...r.ledger[0], proof: formatTlogProof({ ...p.proof, inclusion: p.proof.inclusion.slice(1) }) }] })).toEqual(['inclusion'])
    expect(codes({ ...r, ledger: [{ ...r.ledger[0], proof: r.ledger[0].proof.replace('index 1', 'index 01') }] })).toEqual(['proof-malformed'])
  })

  it('a checkpoint re-signed over another root by someone else fails the log signature', () => {
    const forged = signCheckpoint({ origin: ORIGIN, size, rootHash: 'ee'.repeat(32), timestamp: T0 }, KEY_NAME, new Uint8Array(32).fill(99))
    expect(codes(receipt({ state: 'active', note: forged }))).toEqual(['log-signature'])
  })

  it('the state must match the records: revoked needs the revocation, a revocation needs revoked', () => {
    expect(codes(receipt({ state: 'revoked', revokeIndex: null }))).toEqual(['revoke-missing'])
    expect(codes(receipt({ state: 'active', revokeIndex: 3 }))).toContain('state-mismatch')
    const r = receipt()
    r.record.eventStateText = '有效'
    expect(codes(r)).toEqual(['state-mismatch'])
  })

  it('times far from the ledger’s fail', () => {
    const r = receipt()
    r.record.eventTime = T0 - 86_400_000
    expect(codes(r)).toEqual(['time-mismatch'])
  })

  it('witness quorum: k of n valid cosignatures, each witness once, on every checkpoint in the receipt', () => {
    const two = cosigned(checkpoint, [0, 1])
    const t = { ...trust, witnesses, quorum: 2 }
    expect(verifyReceipt(receipt({ note: two }), t)).toMatchObject({ ok: true, proven: { witnesses: [{ name: 'witness1.example' }, { name: 'witness2.example' }] } })
    // Missing quorum: one cosignature where two are asked for, or all three by default.
    expect(codes(receipt({ note: cosigned(checkpoint, [0]) }), t)).toEqual(['quorum'])
    expect(codes(receipt({ note: two }), { ...trust, witnesses })).toEqual(['quorum'])
    expect(verifyReceipt(receipt({ note: two }), { ...trust, witnesses }).failures[0].message).toBe('见证方确认数量不足（需要3个，有效2个）')
    // The same witness twice counts once; an unknown witness does not count.
    expect(codes(receipt({ note: cosigned(checkpoint, [0, 0]) }), t)).toEqual(['quorum'])
    expect(codes(receipt({ note: two }), { ...trust, witnesses: [witnesses[0], { name: 'witness2.example', publicKey: witnesses[2].publicKey }], quorum: 2 })).toEqual(['quorum'])
    // A cosignature made for another checkpoint, pasted onto this one, is not valid.
    const other = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: toHex(rootOf(5, at)), timestamp: T0 }, KEY_NAME, logSecret)
    const pasted = checkpoint + cosigned(other, [0, 1]).split('\n').filter((l) => l.startsWith('— witness')).map((l) => `${l}\n`).join('')
    expect(codes(receipt({ note: pasted }), t)).toEqual(['quorum'])
    // Only as far as the weakest checkpoint in the receipt: grant cosigned, revocation not.
    const r = receipt({ note: two })
    r.ledger[1].proof = proofOf(3)
    expect(codes(r, t)).toEqual(['quorum'])
    // A quorum larger than the witnesses known is bad trust, not a pass.
    expect(codes(receipt({ note: two }), { ...t, quorum: 4 })).toEqual(['trust-invalid'])
  })

  it('never throws, whatever it is given', () => {
    for (const junk of [null, undefined, 42, 'text', [], {}, { type: RECEIPT_TYPE }, { ...receipt(), extra: 1 }]) {
      expect(verifyReceipt(junk, trust)).toMatchObject({ ok: false, failures: [{ code: 'malformed' }] })
    }
    expect(verifyReceipt(receipt(), null as unknown as ReceiptTrust)).toMatchObject({ ok: false, failures: [{ code: 'trust-invalid' }] })
  })
})

describe('what verify-receipt says (scripts/verify-receipt.ts describe)', () => {
  // Imported here, not at the top: the CLI module is only for these wording checks.
  const { describe: say } = require('../../scripts/verify-receipt') as typeof import('../../scripts/verify-receipt')

  it('an active consent: proven in the ledger, and not proven to be still in force', () => {
    const r = receipt({ state: 'active' })
    const text = say(r, verifyReceipt(r, trust), trust).join('\n')
    expect(text).toMatch(/^✓ 授权凭证有效。\n该授权记录已写入授权账本第 2 条（序号 1，账本当时共 6 条），账本签名有效（school-space\.local-ledger/)
    expect(text).toContain('没有见证方确认')
    expect(text).toContain('授权的内容正是这些字段：房屋坐落、不动产权证号')
    expect(text).toContain('本凭证不证明：')
    expect(text).toContain('该授权至今仍然有效')
    expect(text).not.toContain('注销记录为账本')
  })

  it('a revoked, witnessed consent names the revocation and the witnesses', () => {
    const r = receipt({ note: cosigned(checkpoint, [0, 1]) })
    const t = { ...trust, witnesses, quorum: 2 }
    const text = say(r, verifyReceipt(r, t), t).join('\n')
    expect(text).toMatch(/已由 2 个见证方确认（witness1\.example，.*；witness2\.example，/)
    expect(text).toContain('该授权已于')
    expect(text).toContain('注销记录为账本第 4 条')
    expect(text).not.toContain('该授权至今仍然有效')
  })

  it('an invalid receipt lists each failed check and claims nothing', () => {
    const r = receipt()
    r.record.piiInformation.fields = [FIELDS[0]]
    const text = say(r, verifyReceipt(r, trust), trust).join('\n')
    expect(text.split('\n')).toEqual(['✗ 授权凭证无效，不能作为授权的证明。', '  - 授权内容与账本记录的字段哈希不符：凭证中的授权内容被改动（授权记录）', '  - 授权内容与账本记录的字段哈希不符：凭证中的授权内容被改动（撤销记录）'])
  })
})
