import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { createCloudBaseStores, SPACE_COLLECTIONS } from '../../cloudfunctions/adapters/cloudbase'
import { createFieldCipher } from '../../cloudfunctions/adapters/crypto/fieldCipher'
import { sessionIdOf } from '../../cloudfunctions/services/sessionId'
import { FakeDocDb } from '../contract/fakeDocDb'
import { glyphProbe, inkIn, pdfText, renderPage, requirePoppler } from '../helpers/poppler'

// The deployed `space` bundle, built by scripts/build-functions.mjs and loaded against a stub
// node-sdk over the in-memory FakeDocDb (as buildFunctions.test.ts does for auth): the PDF font
// must come from fonts/ beside index.js, since no node_modules is deployed.
const root = resolve(__dirname, '../..')
const SDK_STUB = `module.exports = {
  SYMBOL_CURRENT_ENV: Symbol('current'),
  init: () => ({ database: () => globalThis.__fakeSpaceDb, auth: () => ({ getUserInfo: () => ({ openId: '' }) }) }),
  getCloudbaseContext: (ctx) => (ctx && ctx.environment ? JSON.parse(ctx.environment) : {}),
}`
let out: string
const saved = { ...process.env }

beforeAll(() => {
  requirePoppler()
  out = mkdtempSync(join(tmpdir(), 'fnbuild-space-'))
  execFileSync(process.execPath, [join(root, 'scripts/build-functions.mjs')], { cwd: root, env: { ...process.env, OUT_DIR: out }, stdio: 'pipe' })
  const stubDir = join(out, 'node_modules', '@cloudbase', 'node-sdk')
  mkdirSync(stubDir, { recursive: true })
  writeFileSync(join(stubDir, 'index.js'), SDK_STUB)
}, 60_000)
afterAll(() => {
  process.env = saved
  rmSync(out, { recursive: true, force: true })
})

describe('the built space bundle', () => {
  it("ships the font and HarfBuzz's subsetter beside index.js, a config.json, and no WOFF2 converter", () => {
    expect(statSync(join(out, 'space', 'fonts', 'NotoSansSC_400Regular.ttf')).size).toBeGreaterThan(1_000_000)
    expect(statSync(join(out, 'space', 'wasm', 'harfbuzz-subset.wasm')).size).toBeGreaterThan(100_000)
    expect(existsSync(join(out, 'space', 'config.json'))).toBe(true)
    const js = readFileSync(join(out, 'space', 'index.js'), 'utf8')
    const pdf = readFileSync(join(out, 'space', 'pdf.js'), 'utf8')
    expect(pdf).not.toContain("require.resolve('harfbuzzjs")
    expect(pdf).not.toContain('compress_binding')
    // The PDF maker is a file of its own, loaded on the first PDF: the bundle a cold start parses
    // does not carry pdf-lib.
    expect(js).toContain('import("./pdf.js")')
    expect(js).not.toContain('PDFDocument')
    expect(pdf).toContain('PDFDocument')
  })

  it('every function that can print carries pdf.js with its font and wasm (the counter prints for 部门侧)', () => {
    for (const name of ['space', 'consent', 'counter']) {
      expect(existsSync(join(out, name, 'pdf.js'))).toBe(true)
      expect(statSync(join(out, name, 'fonts', 'NotoSansSC_400Regular.ttf')).size).toBeGreaterThan(1_000_000)
      expect(existsSync(join(out, name, 'wasm', 'harfbuzz-subset.wasm'))).toBe(true)
    }
    expect(existsSync(join(out, 'auth', 'pdf.js'))).toBe(false)
  })

  it('the health bundle loads exceljs from excel.js on the first export only, and it makes a workbook', async () => {
    const js = readFileSync(join(out, 'health', 'index.js'), 'utf8')
    expect(js).toContain('import("./excel.js")')
    expect(statSync(join(out, 'health', 'index.js')).size).toBeLessThan(1_000_000)
    const { Workbook } = require(join(out, 'health', 'excel.js')) as typeof import('../../cloudfunctions/adapters/excel/workbook')
    const wb = new Workbook()
    wb.addWorksheet('健康申报').addRow(['日期', '姓名'])
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
  })

  it('claims a birth certificate and makes a watermarked PDF with the bundled font', async () => {
    const keys = { fieldKey: randomBytes(32), hashKey: randomBytes(32) }
    Object.assign(process.env, {
      FIELD_KEY: keys.fieldKey.toString('base64'),
      HASH_KEY: keys.hashKey.toString('base64'),
      WX_APPID: 'wxTEST',
      WX_SECRET: 'secret',
      REGISTRY_FIXTURE: join(root, 'fixtures/registry.json'),
    })
    const db = new FakeDocDb()
    ;(globalThis as any).__fakeSpaceDb = db
    // A live session for the F01 mother, written through the same adapter the bundle uses.
    const cipher = createFieldCipher(keys)
    const stores = createCloudBaseStores(db)
    const now = Date.now()
    const identityId = cipher.keyedHash('441302198506120324')
    await stores.identities.ensure({ id: identityId, nameCipher: cipher.encrypt('陈美玲'), idNumberCipher: cipher.encrypt('441302198506120324'), currentSessionId: null, createdAt: now, updatedAt: now })
    const token = randomBytes(32).toString('base64url')
    await stores.sessions.create({ id: sessionIdOf(token), openid: 'o-wx-1', identityId, createdAt: now, verifiedAt: now, lastSeenAt: now, endedAt: null })
    await stores.identities.setCurrentSession(identityId, sessionIdOf(token), now)

    // HarfBuzz's wasm (and pdf-lib, the font) load on the first PDF, not for the other actions.
    const wasm = jest.spyOn(WebAssembly, 'instantiate')
    const { main } = require(join(out, 'space', 'index.js'))
    const context = { environment: JSON.stringify({ WX_OPENID: 'o-wx-1' }) }
    const claim = await main({ action: 'claim', sessionToken: token, type: 'birth_certificate' }, context)
    expect(wasm).not.toHaveBeenCalled()
    expect(claim).toMatchObject({ ok: true, data: { claimed: [expect.objectContaining({ type: 'birth_certificate' })] } })
    expect(JSON.stringify([...db.collections.get(SPACE_COLLECTIONS.credentials)!.values()])).not.toContain('吴思涵')
    const credentialId = claim.data.claimed[0].credentialId
    const pdf = await main({ action: 'download', sessionToken: token, credentialId, purpose: '入学报名' }, context)
    expect(pdf.ok).toBe(true)
    expect(wasm).toHaveBeenCalledTimes(1)
    wasm.mockRestore()
    const bytes = new Uint8Array(Buffer.from(pdf.data.base64, 'base64'))
    const doc = await PDFDocument.load(bytes)
    expect(doc.getSubject()).toContain('用途：入学报名')
    // Readable as poppler renders it: the text comes back and every glyph used has an outline.
    const watermark = doc.getSubject()!.split(' / ')
    const flat = pdfText(bytes).replace(/\s+/g, '')
    for (const s of ['出生医学证明', '吴思涵', ...watermark]) expect(flat).toContain(s.replace(/\s+/g, ''))
    const chars = [...new Set(Array.from(['出生医学证明吴思涵', ...watermark].join('')))].filter((c) => c.trim())
    const probe = await glyphProbe(bytes, chars)
    const img = renderPage(probe.pdf, probe.page, 72)
    const blank = chars.filter((_, i) => inkIn(img, { x: (i % probe.cols) * probe.cell, y: Math.floor(i / probe.cols) * probe.cell, w: probe.cell, h: probe.cell }, 128) < 4)
    expect([probe.missing, blank]).toEqual([[], []])
    expect(bytes.length).toBeLessThan(60_000)
  }, 30_000)
})
