import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { cosignCheckpoint, witnessVkey } from '../../cloudfunctions/domain/ledger/cosignature'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { formatTlogProof, parseTlogProof } from '../../cloudfunctions/domain/ledger/tlogProof'
import { verifyReceipt, type ConsentReceipt, type ReceiptTrust } from '../../cloudfunctions/domain/consent/receipt'
import { integrateLedger } from '../../cloudfunctions/services/consent/integrator'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * 授权凭证 over HTTP on the local cloud: the holder's own consent only (nothing written for anyone
 * else), a real receipt that verifies offline, each kind of tampering refused with its own message,
 * a record still only promised answered with RECEIPT_PENDING, and `npm run verify-receipt` as a child process.
 */
const { fresh, biz, request, cloud } = useConsentCloud()
type Reply = { ok: boolean; error?: { code: string; message: string; hint: string }; data?: any }

const root = path.resolve(__dirname, '../..')
const tsx = path.join(root, 'node_modules/.bin/tsx')
let dir: string
beforeAll(() => void (dir = mkdtempSync(path.join(os.tmpdir(), 'receipt-cli-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (err += d))
    p.on('error', reject)
    p.on('close', (code) => resolve({ code, out, err }))
  })
}
const file = (name: string, value: unknown) => {
  const f = path.join(dir, name)
  writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return f
}
const verifyCli = (receiptFile: string, ...args: string[]) => run(tsx, ['scripts/verify-receipt.ts', receiptFile, ...args])

const trustOf = (): ReceiptTrust => {
  const k = cloud().deps.ledgerKey
  return { origin: k.origin, keyName: k.keyName, publicKey: toHex(publicKeyOf(k.secretKey)) }
}
const witness = { name: 'witness.example.org/w1', secret: new Uint8Array(32).fill(42) }
const witnessKey = { name: witness.name, publicKey: toHex(publicKeyOf(witness.secret)) }
/** Every proof's checkpoint with the witness's cosignature added (what a witnessed log would hand out). */
function cosigned(r: ConsentReceipt): ConsentReceipt {
  return {
    ...r,
    ledger: r.ledger.map((e) => {
      const p = parseTlogProof(e.proof)
      if (!p.ok) throw new Error(p.reason)
      const note = p.proof.checkpoint + cosignCheckpoint(p.proof.checkpoint, witness.name, witness.secret, Math.floor(Date.now() / 1000))
      return { ...e, proof: formatTlogProof({ ...p.proof, checkpoint: note }) }
    }),
  }
}

let code: string
let mum: Awaited<ReturnType<typeof fresh>>
let dad: Awaited<ReturnType<typeof fresh>>
let mumsConsent: string
let dadsConsent: string

beforeAll(async () => {
  code = (await biz('createRequest', request())).body.data.code as string
  mum = await fresh(F14.mum)
  dad = await fresh(F14.dad)
  const open = await mum.cok('open', { code })
  const prop = open.request.parts.find((p) => p.key === 'property')!
  if (prop.eligibility.kind !== 'signable') throw new Error('the mother should be able to sign the property')
  const optionId = prop.eligibility.options.find((o) => o.matches)!.optionId
  mumsConsent = (await mum.cok('sign', { code, agreed: true, parts: [{ part: 'property', optionId, fields: ['address', 'certificateNumber'] }] })).consentIds[0]
  dadsConsent = (await dad.cok('sign', { code, agreed: true, parts: [{ part: 'household_register', fields: ['householdNumber', 'studentName'] }] })).consentIds[0]
}, 30_000)

describe('the receipt action: the holder, their own consent', () => {
  it('nobody but the holder gets a receipt, and a refused request writes nothing', async () => {
    const stranger = await fresh('441302198506120324')
    const kid = await fresh(F14.kid)
    const cases: Array<[string, typeof mum, string, boolean]> = [
      ['the mother, her own consent', mum, mumsConsent, true],
      ['the father, his own consent', dad, dadsConsent, true],
      ['the mother (the child’s guardian too), the father’s consent', mum, dadsConsent, false],
      ['the father (household head, guardian), the mother’s consent', dad, mumsConsent, false],
      ['another family’s mother', stranger, mumsConsent, false],
      ['the student (under 14)', kid, mumsConsent, false],
    ]
    const rows: string[] = []
    const wrong: string[] = []
    for (const [who, p, consentId, allowed] of cases) {
      const before = cloud().rowCounts()
      const r = (await p.consent('receipt', { consentId })) as Reply
      rows.push(`${who.padEnd(62)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
      if (r.ok !== allowed) wrong.push(`${who}: ${r.ok ? 'allowed' : r.error?.code}`)
      if (!allowed) {
        expect(r.error).toMatchObject({ code: 'CONSENT_NOT_FOUND', message: '未找到该授权记录', hint: expect.stringContaining('我的授权') })
        expect(cloud().rowCounts()).toEqual(before)
      }
    }
    console.log(`access matrix (consent receipt):\n${rows.join('\n')}`)
    expect(wrong).toEqual([])
  }, 30_000)

  it('a bad consent id is refused at the boundary', async () => {
    expect(await mum.consent('receipt', { consentId: '../etc' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('consentId') } })
  })

  it('a real receipt verifies offline and carries nothing that identifies anyone', async () => {
    const { receipt, fileName } = await mum.cok('receipt', { consentId: mumsConsent })
    expect(fileName).toBe(`consent-receipt-${mumsConsent}.json`)
    expect(receipt).toMatchObject({
      type: 'consent-receipt/v1',
      record: { recordId: mumsConsent, eventState: 'active', eventStateText: '有效', piiPrincipal: { masked: '**阳' }, recipientThirdParties: [{ name: expect.any(String) }] },
    })
    expect(receipt.ledger.map((e) => e.action)).toEqual(['grant'])
    const v = verifyReceipt(receipt, trustOf())
    expect(v.failures).toEqual([])
    expect(v.proven!.entries[0]).toMatchObject({ action: 'grant', index: expect.any(Number) })
    // The checkpoint inside carries the local witness's cosignature: a quorum of 1 holds.
    const local = cloud().deps.ledgerWitnesses!.witnesses.map((w) => ({ name: w.name, publicKey: w.publicKey }))
    expect(verifyReceipt(receipt, { ...trustOf(), witnesses: local, quorum: 1 })).toMatchObject({ ok: true, proven: { witnesses: [{ name: local[0].name }] } })
    // No names, ID numbers, openids, addresses in clear, nor the key: masked values only.
    const text = JSON.stringify(receipt)
    for (const secret of [F14.mum, F14.dad, F14.kid, '何沐阳', '李婉婷', '何俊杰', 'openid-', '金山湖', toHex(publicKeyOf(cloud().deps.ledgerKey.secretKey))]) {
      expect(text).not.toContain(secret)
    }
  })

  it('a revoked consent’s receipt holds the grant and the revocation, and verifies', async () => {
    await mum.cok('revoke', { consentId: mumsConsent })
    const { receipt } = await mum.cok('receipt', { consentId: mumsConsent })
    expect(receipt.record).toMatchObject({ eventState: 'revoked', eventStateText: '已撤销', revokedAt: expect.any(Number) })
    expect(receipt.ledger.map((e) => e.action)).toEqual(['grant', 'revoke'])
    expect(verifyReceipt(receipt, trustOf())).toMatchObject({ ok: true, proven: { state: 'revoked' } })
  })

  it('a record only promised so far: RECEIPT_PENDING with the next step, then the receipt once integrated', async () => {
    const deps = cloud().deps
    deps.ledgerIntegration = 'scheduled'
    try {
      await dad.cok('revoke', { consentId: dadsConsent })
      const r = (await dad.consent('receipt', { consentId: dadsConsent })) as Reply
      expect(r).toMatchObject({ ok: false, error: { code: 'RECEIPT_PENDING', message: '授权记录正在写入账本，暂时无法生成授权凭证', hint: expect.stringContaining('稍候') } })
      expect((await integrateLedger(deps)).batches.length).toBeGreaterThan(0)
    } finally {
      deps.ledgerIntegration = 'inline'
    }
    const { receipt } = await dad.cok('receipt', { consentId: dadsConsent })
    expect(verifyReceipt(receipt, trustOf())).toMatchObject({ ok: true, proven: { state: 'revoked' } })
  })
})

describe('npm run verify-receipt (child process)', () => {
  it('says what a real receipt proves and what it does not; every tampering fails with its own message', async () => {
    const { receipt } = await mum.cok('receipt', { consentId: mumsConsent })
    const dads = (await dad.cok('receipt', { consentId: dadsConsent })).receipt
    // The trust file as the operator prints it (ledger:trust reads the same secret the cloud signs
    // with, and the witnesses it asks: here the local cloud's own, listed by its vkey).
    const local = cloud().deps.ledgerWitnesses!.witnesses.map((w) => ({ name: w.name, publicKey: w.publicKey }))
    expect(local).toHaveLength(1)
    const printed = await run(tsx, ['scripts/ledger-trust.ts'], {
      DATA_DIR: dir,
      LEDGER_SIGNING_KEY: Buffer.from(cloud().deps.ledgerKey.secretKey).toString('base64'),
      LEDGER_ORIGIN: cloud().deps.ledgerKey.origin,
      LEDGER_WITNESSES: `${witnessVkey(local[0])} http://127.0.0.1:9/witness`,
    })
    expect(printed.code).toBe(0)
    expect(JSON.parse(printed.out)).toEqual({ ...trustOf(), witnesses: local, quorum: 1 })
    const trust = file('trust.json', printed.out)
    const good = file('good.json', receipt)

    const tampered = structuredClone(receipt)
    tampered.record.piiInformation.fields.push({ key: 'ownerNames', label: '权利人' })
    const swapped = structuredClone(receipt)
    swapped.ledger[0] = dads.ledger[0]
    const forged = structuredClone(receipt)
    const p = parseTlogProof(forged.ledger[0].proof)
    if (!p.ok || p.proof.inclusion.length === 0) throw new Error('expected a non-empty inclusion path')
    p.proof.inclusion[0] = Uint8Array.from(p.proof.inclusion[0], (b, i) => (i === 31 ? b ^ 0x80 : b))
    forged.ledger[0].proof = formatTlogProof(p.proof)
    const otherKey = toHex(publicKeyOf(new Uint8Array(32).fill(9)))
    const t = trustOf()

    const [ok, viaNpm, fields, swap, proof, wrongKey, quorum, witnessed, noTrust, noFile, badKey, notJson] = await Promise.all([
      verifyCli(good, '--trust', trust),
      run('npm', ['run', '-s', 'verify-receipt', '--', good, '--origin', t.origin, '--key-name', t.keyName, '--public-key', t.publicKey]),
      verifyCli(file('fields.json', tampered), '--trust', trust),
      verifyCli(file('swapped.json', swapped), '--trust', trust),
      verifyCli(file('forged.json', forged), '--trust', trust),
      verifyCli(good, '--origin', t.origin, '--key-name', t.keyName, '--public-key', otherKey),
      verifyCli(good, '--trust', trust, '--witness', `${witnessKey.name}=${witnessKey.publicKey}`, '--quorum', '2'),
      verifyCli(file('witnessed.json', cosigned(receipt)), '--trust', trust, '--witness', `${witnessKey.name}=${witnessKey.publicKey}`, '--quorum', '2'),
      verifyCli(good),
      verifyCli(path.join(dir, 'missing.json'), '--trust', trust),
      verifyCli(good, '--origin', t.origin, '--key-name', t.keyName, '--public-key', 'xyz'),
      verifyCli(file('notjson.json', 'not json'), '--trust', trust),
    ])
    expect([ok.code, ok.out]).toEqual([0, expect.stringMatching(/✓ 授权凭证有效。\n该授权记录已写入授权账本第 \d+ 条.*账本签名有效/)])
    expect(ok.out).toContain(`已由 1 个见证方确认（${local[0].name}`)
    expect(ok.out).toContain('已于')
    expect(ok.out).toContain('本凭证不证明：')
    expect(ok.out).toContain('授权人是谁')
    expect(viaNpm.code).toBe(0)
    expect([fields.code, fields.err]).toEqual([1, expect.stringContaining('授权内容与账本记录的字段哈希不符')])
    expect([swap.code, swap.err]).toEqual([1, expect.stringContaining('账本记录属于另一条授权')])
    expect([proof.code, proof.err]).toEqual([1, expect.stringContaining('包含证明无效')])
    expect([wrongKey.code, wrongKey.err]).toEqual([1, expect.stringContaining('账本签名无效')])
    expect([quorum.code, quorum.err]).toEqual([1, expect.stringContaining('见证方确认数量不足（需要2个，有效1个）')])
    expect([witnessed.code, witnessed.out]).toEqual([0, expect.stringMatching(new RegExp(`已由 2 个见证方确认（${local[0].name}.*${witness.name}`))])
    // Bad usage: no key given (the receipt's own is never used), no file, a key that is not one.
    expect([noTrust.code, noTrust.err]).toEqual([2, expect.stringContaining('缺少信任的账本公钥')])
    expect([noFile.code, noFile.err]).toEqual([2, expect.stringContaining('无法读取凭证文件')])
    expect([badKey.code, badKey.err]).toEqual([2, expect.stringContaining('账本公钥应为64位')])
    expect([notJson.code, notJson.err]).toEqual([1, expect.stringContaining('凭证文件格式不正确')])
  }, 120_000)
})
