import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud } from '../../cloudfunctions/local/server'
import { verifyRecord } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { appendLedger, proofBundle } from '../../cloudfunctions/services/consent/ledger'
import type { AppError } from '../../cloudfunctions/domain/errors'
import { F14, useConsentCloud } from './consent.helpers'

/** The ledger notices its own tampering, over HTTP, on a restart of the local cloud, and in `npm run ledger:audit`. */
const { as, biz, request, cloud } = useConsentCloud()

describe('proof over HTTP once a stored record was changed', () => {
  it('the holder whose record changed hears 记录被改动 (RECORD_ALTERED), anyone else LEDGER_TAMPERED; no checkpoint is signed', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const code = (await biz('createRequest', request())).body.data.code as string
      const mum = await as(F14.mum)
      await mum.cok('sign', { code, agreed: true, parts: [{ part: 'property', fields: ['address'] }] })
      const dad = await as(F14.dad)
      await dad.cok('sign', { code, agreed: true, parts: [{ part: 'household_register', fields: ['address'] }] })
      const mine = (await mum.cok('mine')).consents[0]
      const first = await mum.cok('proof', { consentId: mine.consentId })
      expect(verifyRecord(first.bundle, { consentId: mine.consentId, revoked: false }, null).ok).toBe(true)
      const kept = await cloud().deps.consent.ledger.lastCheckpoint()
      // Kept by the integrator, one per batch: the same tree the proof's checkpoint names.
      expect(kept).toMatchObject({ size: first.bundle.size, rootHash: first.bundle.rootHash })

      // Someone with access to the database turns the mother's grant into a read.
      const db = (cloud().deps.stores as unknown as { db: Database.Database }).db
      const index = first.bundle.records[0].index
      expect(db.prepare(`UPDATE ledger_entries SET leaf = replace(leaf, '"grant"', '"read"') WHERE idx = ?`).run(index).changes).toBe(1)

      expect(await mum.consent('proof', { consentId: mine.consentId })).toMatchObject({
        ok: false, error: { code: 'RECORD_ALTERED', message: '您的授权记录被改动', hint: expect.stringContaining('12345') },
      })
      const dads = (await dad.cok('mine')).consents[0]
      expect(await dad.consent('proof', { consentId: dads.consentId })).toMatchObject({
        ok: false, error: { code: 'LEDGER_TAMPERED', message: expect.stringContaining('自检未通过') },
      })
      expect(await mum.consent('proof', { consentId: mine.consentId })).toMatchObject({ ok: false, error: { code: 'RECORD_ALTERED' } })
      expect(await cloud().deps.consent.ledger.lastCheckpoint()).toEqual(kept)
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(`index ${index}`))
    } finally {
      errors.mockRestore()
    }
  })
})

describe('a restart of the local cloud and npm run ledger:audit on the same DATA_DIR', () => {
  let dir: string
  beforeAll(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-audit-api-')) })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const script = path.resolve(__dirname, '../../scripts/ledger-audit.mjs')
  const cli = () => spawnSync(process.execPath, [script], { env: { ...process.env, DATA_DIR: dir, LEDGER_SIGNING_KEY: '' }, encoding: 'utf8' })
  const start = () => startLocalCloud({ config: loadConfig({ DATA_DIR: dir }), port: 0, h5Dir: path.join(dir, 'none') })

  it('clean: the start reports OK, proofs are signed, the CLI prints OK with size and root (exit 0)', async () => {
    const c = await start()
    try {
      expect(c.ledgerAudit).toMatchObject({ ok: true, size: 0 })
      // Page splits then leave no stale copy of a row in the file: the one copy found below is the live row.
      const db = (c.deps.stores as unknown as { db: Database.Database }).db
      db.pragma('secure_delete = ON')
      for (let i = 0; i < 12; i++) await appendLedger(c.deps, { consent: `cs_${i}`, action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
      const b = await proofBundle(c.deps, [5], undefined)
      expect(b.size).toBe(12)
    } finally {
      await c.close()
    }
    const out = cli()
    expect([out.status, out.stderr]).toEqual([0, ''])
    expect(out.stdout).toMatch(/^OK .*size 12，root [0-9a-f]{64}，与最近签名的检查点（12 条）一致/)
  }, 30_000)

  it('a byte flipped in cloud.db: the next start warns with the index and refuses to sign; the CLI exits 1 naming it', async () => {
    const file = path.join(dir, 'cloud.db')
    const bytes = readFileSync(file)
    const at = bytes.indexOf(Buffer.from('"consent":"cs_7"'))
    expect([at > 0, bytes.indexOf(Buffer.from('"consent":"cs_7"'), at + 1)]).toEqual([true, -1])
    bytes[at + 14] ^= 0x01 // cs_7 → cs_6
    writeFileSync(file, bytes)

    const out = cli()
    expect(out.status).toBe(1)
    expect(out.stderr).toMatch(/^FAIL .*index 7.*记录被改动.*first bad index: 7/)

    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const c = await start()
    try {
      expect(c.ledgerAudit).toMatchObject({ ok: false, problem: { kind: 'leaf-text', index: 7 } })
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^警告：授权账本自检未通过（LEDGER_TAMPERED）——.*index 7/))
      await expect(proofBundle(c.deps, [2], undefined)).rejects.toMatchObject({ code: 'LEDGER_TAMPERED' } satisfies Partial<AppError>)
      await expect(proofBundle(c.deps, [7], undefined)).rejects.toMatchObject({ code: 'RECORD_ALTERED' })
      expect(await c.deps.consent.ledger.lastCheckpoint()).toMatchObject({ size: 12 })
    } finally {
      warn.mockRestore()
      err.mockRestore()
      await c.close()
    }
  }, 30_000)
})
