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
import { consentNotice } from '../../cloudfunctions/domain/consent/notice'

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

describe('npm run ledger:audit: a 授权说明 edited or deleted after signing', () => {
  let dir: string
  beforeAll(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-audit-notice-')) })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const script = path.resolve(__dirname, '../../scripts/ledger-audit.mjs')
  const cli = () => spawnSync(process.execPath, [script], { env: { ...process.env, DATA_DIR: dir, LEDGER_SIGNING_KEY: '' }, encoding: 'utf8' })
  const notice = consentNotice({ systemName: '学校招生报名系统', purpose: '入学报名资格审核', applicationType: '2025惠城区义务教育', evidence: '户籍（户口簿, 出生证）', credentials: [{ title: '居民户口簿', fields: ['户号'] }], expiresAtText: '2026-12-22 10:00' })
  const withDb = async (run: (db: Database.Database) => void) => {
    const c = await startLocalCloud({ config: loadConfig({ DATA_DIR: dir }), port: 0, h5Dir: path.join(dir, 'none') })
    try {
      run((c.deps.stores as unknown as { db: Database.Database }).db)
    } finally {
      await c.close()
    }
  }

  it('clean with the text kept; the text changed → exit 1 naming the index; the text gone → exit 1 naming it missing', async () => {
    const c = await startLocalCloud({ config: loadConfig({ DATA_DIR: dir }), port: 0, h5Dir: path.join(dir, 'none') })
    try {
      await appendLedger(c.deps, { consent: 'cs_a', action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
      await Promise.all([
        appendLedger(c.deps, { consent: 'cs_b', action: 'grant', fields: ['address'], actor: 'a'.repeat(32), notice: notice.hash }),
        c.deps.consent.notices.put({ id: notice.hash, text: notice.text, createdAt: 1 }),
      ])
      await appendLedger(c.deps, { consent: 'cs_b', action: 'read', fields: ['address'], actor: 'b'.repeat(32) })
    } finally {
      await c.close()
    }
    const clean = cli()
    expect([clean.status, clean.stderr]).toEqual([0, ''])

    // Someone with access to the database softens the wording after the parent agreed.
    await withDb((db) => expect(db.prepare(`UPDATE consent_notices SET text = replace(text, '注销', '撤销') WHERE id = ?`).run(notice.hash).changes).toBe(1))
    const edited = cli()
    expect(edited.status).toBe(1)
    expect(edited.stderr).toMatch(/^FAIL .*index 1.*授权说明被改动.*first bad index: 1/)
    expect(edited.stderr).not.toContain(notice.hash)

    await withDb((db) => expect(db.prepare('DELETE FROM consent_notices WHERE id = ?').run(notice.hash).changes).toBe(1))
    const gone = cli()
    expect(gone.status).toBe(1)
    expect(gone.stderr).toMatch(/^FAIL .*index 1.*授权说明缺失.*first bad index: 1/)
  }, 60_000)
})
