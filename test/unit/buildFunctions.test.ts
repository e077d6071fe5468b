import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { COLLECTIONS } from '../../cloudfunctions/adapters/cloudbase'
import { FakeDocDb } from '../contract/fakeDocDb'

// Runs scripts/build-functions.mjs into a temp dir and checks what would be deployed.
// The bundle is then loaded against a stub `@cloudbase/node-sdk` placed beside it (backed by the
// in-memory FakeDocDb) and a fake `fetch`, so the real SDK is never reached (STACK.md).
const root = resolve(__dirname, '../..')
let out: string

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'fnbuild-'))
  execFileSync(process.execPath, [join(root, 'scripts/build-functions.mjs')], {
    cwd: root,
    env: { ...process.env, OUT_DIR: out },
    stdio: 'pipe',
  })
}, 60_000)
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** The stub node-sdk beside the built bundles, over a fresh in-memory CloudBase fake. */
function installStubSdk(): FakeDocDb {
  const stubDir = join(out, 'node_modules', '@cloudbase', 'node-sdk')
  mkdirSync(stubDir, { recursive: true })
  writeFileSync(join(stubDir, 'index.js'), SDK_STUB)
  const db = new FakeDocDb()
  ;(globalThis as any).__fakeDocDb = db
  return db
}

describe('build-functions', () => {
  it('bundles auth as CommonJS exporting main, with the node-sdk external and no local-only code', () => {
    const file = join(out, 'auth', 'index.js')
    expect(existsSync(file)).toBe(true)
    const js = readFileSync(file, 'utf8')
    expect(js).not.toContain('better-sqlite3')
    expect(js).toMatch(/require\("@cloudbase\/node-sdk"\)/)
    expect(js).toMatch(/module\.exports|exports\.main/)
  })

  it('writes package.json pinning the node-sdk version of the root package, and config.json', () => {
    const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    const pkg = JSON.parse(readFileSync(join(out, 'auth', 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      name: 'auth',
      main: 'index.js',
      dependencies: { '@cloudbase/node-sdk': rootPkg.dependencies['@cloudbase/node-sdk'] },
    })
    const config = JSON.parse(readFileSync(join(out, 'auth', 'config.json'), 'utf8'))
    expect(config).toEqual({ permissions: { openapi: [] }, timeout: 20 })
  })
})

describe('the ledgerAudit bundle (the full audit on a timer)', () => {
  it('is built with an hourly timer trigger in config.json, the same trigger and timeout as cloudbaserc.json', () => {
    const config = JSON.parse(readFileSync(join(out, 'ledgerAudit', 'config.json'), 'utf8'))
    expect(config).toEqual({ permissions: { openapi: [] }, timeout: 60, triggers: [{ name: 'ledgerAuditHourly', type: 'timer', config: '0 17 * * * * *' }] })
    // Seven cron fields (second … year), as CloudBase's timer wants.
    expect(config.triggers[0].config.split(' ')).toHaveLength(7)
    const rc = JSON.parse(readFileSync(join(root, 'cloudbaserc.json'), 'utf8'))
    const fn = rc.functions.find((f: { name: string }) => f.name === 'ledgerAudit')
    expect(fn).toMatchObject({ handler: 'index.main', timeout: config.timeout, triggers: config.triggers })
    // The public key only: an audit never needs the signing key or the identity keys.
    expect(Object.keys(fn.envVariables).sort()).toEqual(['LEDGER_ORIGIN', 'LEDGER_PUBLIC_KEY'])
  })

  it('every other function keeps the default config.json, with no trigger', () => {
    for (const name of ['auth', 'space', 'health', 'consent', 'counter']) {
      expect(JSON.parse(readFileSync(join(out, name, 'config.json'), 'utf8'))).toEqual({ permissions: { openapi: [] }, timeout: 20 })
    }
  })

  it('carries no PDF maker or identity code', () => {
    const js = readFileSync(join(out, 'ledgerAudit', 'index.js'), 'utf8')
    expect(existsSync(join(out, 'ledgerAudit', 'pdf.js'))).toBe(false)
    expect(js).not.toContain('getverifyid')
    expect(js).toMatch(/require\("@cloudbase\/node-sdk"\)/)
  })
})

/** Stands in for @cloudbase/node-sdk, resolved by the bundle's require() from <out>/node_modules. */
const SDK_STUB = `
module.exports = {
  SYMBOL_CURRENT_ENV: Symbol('current'),
  init: () => ({
    database: () => globalThis.__fakeDocDb,
    auth: () => ({ getUserInfo: () => ({ openId: '' }) }),
  }),
  // Like node-sdk: WX_OPENID comes from the invocation context's JSON \`environment\`.
  getCloudbaseContext: (ctx) => (ctx && ctx.environment ? JSON.parse(ctx.environment) : {}),
}
`

describe('the built auth bundle, loaded with a stub SDK', () => {
  const saved = { ...process.env }
  const context = { environment: JSON.stringify({ WX_OPENID: 'o-wechat-1' }) }
  let main: (event: unknown, context: unknown) => Promise<any>
  let db: FakeDocDb
  const wechat: string[] = []

  beforeAll(() => {
    db = installStubSdk()
    globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      const path = new URL(String(url)).pathname
      wechat.push(path)
      const reply = path.endsWith('stable_token')
        ? { access_token: 'T', expires_in: 7200 }
        : { errcode: 0, verify_id: 'wx-verify-id-0001', expires_in: 3600 }
      expect(init?.method).toBe('POST')
      return new Response(JSON.stringify(reply), { headers: { 'content-type': 'application/json' } })
    }) as typeof fetch
    Object.assign(process.env, {
      FIELD_KEY: randomBytes(32).toString('base64'),
      HASH_KEY: randomBytes(32).toString('base64'),
      WX_APPID: 'wxTEST',
      WX_SECRET: 'secret',
      FACE_PROVIDER: 'simulated', // ignored: the deployed entry always uses WeChat
    })
    main = require(join(out, 'auth', 'index.js')).main
  })
  afterAll(() => {
    process.env = saved
  })

  it('answers options for the caller from the context: face available, wxpay not', async () => {
    const res = await main({ action: 'options' }, context)
    expect(res).toEqual({
      ok: true,
      data: {
        defaultMethod: 'face',
        methods: [
          { method: 'face', available: true },
          { method: 'wxpay', available: false },
        ],
        knownIdentity: null,
      },
    })
  })

  it('starts a WeChat face verification and stores it by verify id, encrypted', async () => {
    const res = await main(
      { action: 'startVerification', purpose: 'login', method: 'face', name: '张三', idNumber: '11010519491231002X' },
      context,
    )
    expect(res).toMatchObject({ ok: true, data: { verifyId: 'wx-verify-id-0001', provider: 'wechat' } })
    expect(wechat).toEqual(['/cgi-bin/stable_token', '/cityservice/face/identify/getverifyid'])
    const doc = db.collections.get(COLLECTIONS.verifications)!.get('wx-verify-id-0001')!
    expect(doc).toMatchObject({ openid: 'o-wechat-1', state: 'pending', method: 'face' })
    expect(JSON.stringify(doc)).not.toContain('11010519491231002X')
  })

  it('answers INTERNAL, without crashing, when the keys are not configured', async () => {
    const keys = { FIELD_KEY: process.env.FIELD_KEY, HASH_KEY: process.env.HASH_KEY }
    delete process.env.FIELD_KEY
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {})
    let fresh: typeof main = main
    jest.isolateModules(() => {
      fresh = require(join(out, 'auth', 'index.js')).main
    })
    await expect(fresh({ action: 'options' }, context)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(String(errors.mock.calls[0])).toContain('FIELD_KEY and HASH_KEY must be set')
    errors.mockRestore()
    Object.assign(process.env, keys)
  })

  it('refuses callers without an openid (e.g. HTTP-triggered)', async () => {
    const res = await main({ action: 'options' }, {})
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } })
  })
})

describe('the built ledgerAudit bundle, loaded with the stub SDK', () => {
  const saved = { ...process.env }
  let main: (event: unknown, context: unknown) => Promise<any>
  let db: FakeDocDb
  const timerEvent = { Type: 'Timer', TriggerName: 'ledgerAuditHourly', Time: '2026-12-05T03:17:00Z', Message: '' }
  let quiet: jest.SpyInstance[]

  beforeAll(() => {
    db = installStubSdk()
    process.env.LEDGER_PUBLIC_KEY = randomBytes(32).toString('hex')
    main = require(join(out, 'ledgerAudit', 'index.js')).main
  })
  afterAll(() => {
    process.env = saved
  })
  beforeEach(() => { quiet = (['log', 'warn', 'error'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => {})) })
  afterEach(() => quiet.forEach((q) => q.mockRestore()))

  it('refuses a mini-program call carrying the timer’s event, and runs for the timer (TRIGGER_SRC in the invocation context)', async () => {
    const user = { environment: JSON.stringify({ WX_OPENID: 'o-wechat-1', TRIGGER_SRC: 'wx' }) }
    expect(await main(timerEvent, user)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(db.collections.get('ledger_head')?.get('audit')).toBeUndefined()
    const timer = { environment: JSON.stringify({ TRIGGER_SRC: 'timer' }), time_limit_in_ms: 60_000 }
    expect(await main(timerEvent, timer)).toMatchObject({ ok: true, data: { ran: true, ok: true, done: true, entries: 0 } })
    expect(db.collections.get('ledger_head')?.get('audit')).toMatchObject({ ok: true, seq: 0 })
  })
})

describe('the built witness bundle (C2SP tlog-witness over HTTP access), loaded with the stub SDK', () => {
  const saved = { ...process.env }
  let main: (event: unknown, context?: unknown) => Promise<any>
  let db: FakeDocDb
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tree, LOG } = require('../helpers/witnessTrees') as typeof import('../helpers/witnessTrees')
  const { publicKeyOf } = require('../../cloudfunctions/domain/ledger/checkpoint') as typeof import('../../cloudfunctions/domain/ledger/checkpoint')
  const { addCheckpointBody, originHash } = require('../../cloudfunctions/domain/ledger/witness') as typeof import('../../cloudfunctions/domain/ledger/witness')
  const { verifyCosignatures } = require('../../cloudfunctions/domain/ledger/cosignature') as typeof import('../../cloudfunctions/domain/ledger/cosignature')
  const witnessSecret = randomBytes(32)
  const witnessKey = { name: 'witness.edu.gd.gov.cn/w1', publicKey: Buffer.from(publicKeyOf(witnessSecret)).toString('hex') }

  beforeAll(() => {
    db = installStubSdk()
    Object.assign(process.env, {
      WITNESS_KEY: witnessSecret.toString('base64'),
      WITNESS_NAME: witnessKey.name,
      LEDGER_ORIGIN: LOG.origin,
      LEDGER_PUBLIC_KEY: Buffer.from(publicKeyOf(LOG.secretKey)).toString('hex'),
    })
    main = require(join(out, 'witness', 'index.js')).main
  })
  afterAll(() => {
    process.env = saved
  })

  it('is declared in cloudbaserc.json with its own key and the log\'s public key only', () => {
    const rc = JSON.parse(readFileSync(join(root, 'cloudbaserc.json'), 'utf8'))
    const fn = rc.functions.find((f: { name: string }) => f.name === 'witness')
    expect(fn).toMatchObject({ handler: 'index.main', timeout: 20 })
    expect(Object.keys(fn.envVariables).sort()).toEqual(['LEDGER_ORIGIN', 'LEDGER_PUBLIC_KEY', 'WITNESS_KEY', 'WITNESS_NAME'])
    expect(JSON.parse(readFileSync(join(out, 'witness', 'config.json'), 'utf8'))).toEqual({ permissions: { openapi: [] }, timeout: 20 })
  })

  it('cosigns on POST add-checkpoint, keeps it in witness_checkpoints by the origin hash, serves it on GET, answers 409 as text/x.tlog.size', async () => {
    const t5 = tree(5)
    const r = await main({ httpMethod: 'POST', path: '/witness/add-checkpoint', headers: {}, body: addCheckpointBody(0, [], t5.note), isBase64Encoded: false })
    expect(r.statusCode).toBe(200)
    expect(verifyCosignatures(t5.note + r.body, [witnessKey])).toHaveLength(1)
    expect(db.collections.get('witness_checkpoints')!.get(originHash(LOG.origin))).toMatchObject({ size: 5, rootHash: t5.rootHash })
    const got = await main({ httpMethod: 'GET', path: `/witness/${originHash(LOG.origin)}/checkpoint`, headers: {} })
    expect(got.statusCode).toBe(200)
    expect(verifyCosignatures(got.body, [witnessKey])).toHaveLength(1)
    const stale = await main({ httpMethod: 'POST', path: '/witness/add-checkpoint', headers: {}, body: Buffer.from(addCheckpointBody(0, [], tree(8).note)).toString('base64'), isBase64Encoded: true })
    expect(stale).toEqual({ statusCode: 409, headers: { 'content-type': 'text/x.tlog.size' }, body: '5\n' })
    expect((await main({ httpMethod: 'POST', path: '/witness/add-checkpoint', headers: {}, body: addCheckpointBody(5, [], tree(5, 2).note) })).statusCode).toBe(422)
  })

  it('refuses a call that is not HTTP access (a mini-program or SDK call)', async () => {
    expect((await main({ action: 'add-checkpoint' }, {})).statusCode).toBe(403)
  })
})
