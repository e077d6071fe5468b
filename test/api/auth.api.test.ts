import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { sessionIdOf } from '../../cloudfunctions/services/sessionId'
import { AuthResults, DemoUsers, type AuthAction, type AuthData } from '../../types'

/** The auth function through the local cloud over HTTP, as the H5 app calls it. */
let cloud: LocalCloud
let dataDir: string
const bodies: string[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-cloud-'))
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0' })
  cloud = await startLocalCloud({ config, port: 0, h5Dir: path.join(dataDir, 'no-h5') })
})
afterAll(async () => {
  await cloud.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function post(pathname: string, body: unknown, openid?: string): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(cloud.url + pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  bodies.push(text)
  return { status: res.status, json: JSON.parse(text), text }
}

async function auth<A extends AuthAction>(openid: string, event: { action: A } & Record<string, unknown>) {
  const { status, json } = await post('/cloud/auth', event, openid)
  expect(status).toBe(200)
  return AuthResults[event.action].parse(json) as { ok: true; data: AuthData[A] } | { ok: false; error: { code: string } }
}

async function start(openid: string, name: string, idNumber: string) {
  const r = await auth(openid, { action: 'startVerification', purpose: 'login', method: 'face', name, idNumber })
  if (!r.ok) throw new Error(r.error.code)
  return r.data.verifyId
}

async function simulate(verifyId: string, outcome: 'pass' | 'no_record' | 'failed') {
  const r = await post(`/sim/verify/${encodeURIComponent(verifyId)}`, { outcome })
  expect(r.status).toBe(200)
}

async function login(openid: string, name: string, idNumber: string): Promise<string> {
  const verifyId = await start(openid, name, idNumber)
  await simulate(verifyId, 'pass')
  const r = await auth(openid, { action: 'completeVerification', verifyId })
  if (!r.ok || r.data.purpose !== 'login') throw new Error('login failed')
  return r.data.sessionToken
}

const errorCode = (r: { ok: boolean; error?: { code: string } }) => r.error?.code

describe('local cloud: auth over HTTP', () => {
  let chen: { name: string; idNumber: string }
  /** A seeded person whose number ends in X, for the lower-case x and spacing cases. */
  let withX: { name: string; idNumber: string }

  it('serves health, demo users with valid Guangdong identities, and a hint page without an H5 build', async () => {
    expect(await (await fetch(`${cloud.url}/healthz`)).json()).toEqual({ ok: true })
    const users = DemoUsers.parse(await (await fetch(`${cloud.url}/local/demo-users`)).json())
    expect(users.length).toBeGreaterThanOrEqual(4)
    chen = users.find((u) => u.suggested)!.suggested!
    expect(chen.idNumber).toMatch(/^44/)
    withX = users.map((u) => u.suggested).find((p) => p?.idNumber.endsWith('X'))!
    expect(withX.idNumber).toMatch(/^\d{17}X$/)
    const page = await fetch(`${cloud.url}/`)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toContain('npm run build:h5')
    expect(statSync(path.join(dataDir, 'keys.json')).mode & 0o777).toBe(0o600)
  })

  it('logs in through the simulated camera', async () => {
    const token = await login('api-o1', chen.name, chen.idNumber)
    const me = await auth('api-o1', { action: 'me', sessionToken: token })
    expect(me).toMatchObject({ ok: true, data: { recentlyVerified: true } })
  })

  it('no_record → FACE_NO_RECORD and failed → FACE_CHECK_FAILED, each with a next step', async () => {
    const a = await start('api-o3', chen.name, chen.idNumber)
    await simulate(a, 'no_record')
    const r1 = await auth('api-o3', { action: 'completeVerification', verifyId: a })
    expect(r1).toMatchObject({ ok: false, error: { code: 'FACE_NO_RECORD', message: '系统未包含该身份信息', hint: expect.stringContaining('微信支付密码认证') } })
    const b = await start('api-o3', chen.name, chen.idNumber)
    await simulate(b, 'failed')
    const r2 = await auth('api-o3', { action: 'completeVerification', verifyId: b })
    expect(r2).toMatchObject({ ok: false, error: { code: 'FACE_CHECK_FAILED', message: '未能通过人脸检测' } })
  })

  it('a second login of the same person elsewhere replaces the first session', async () => {
    const first = await login('api-o4', withX.name, withX.idNumber)
    // Same person typed with a lower-case x and spaces: normalised to the same identity.
    const n = withX.idNumber.toLowerCase()
    const second = await login('api-o5', withX.name, ` ${n.slice(0, 6)} ${n.slice(6, 14)} ${n.slice(14)} `)
    expect(errorCode(await auth('api-o4', { action: 'me', sessionToken: first }))).toBe('SESSION_REPLACED')
    expect((await auth('api-o5', { action: 'me', sessionToken: second })).ok).toBe(true)
  })

  it('two logins of one identity racing on two devices leave exactly one live session', async () => {
    const [a, b] = await Promise.all([start('api-r1', chen.name, chen.idNumber), start('api-r2', chen.name, chen.idNumber)])
    await Promise.all([simulate(a, 'pass'), simulate(b, 'pass')])
    const done = await Promise.all([
      auth('api-r1', { action: 'completeVerification', verifyId: a }),
      auth('api-r2', { action: 'completeVerification', verifyId: b }),
    ])
    // The loser may already be told inside completeVerification (its own `me` read comes too late).
    const tokens = done.map((r) => (r.ok && r.data.purpose === 'login' ? r.data.sessionToken : null))
    for (const r of done) if (!r.ok) expect(r.error.code).toBe('SESSION_REPLACED')
    const me = await Promise.all(
      tokens.map((t, i) => (t ? auth(i === 0 ? 'api-r1' : 'api-r2', { action: 'me', sessionToken: t }) : null)),
    )
    const live = me.filter((r) => r?.ok)
    const replaced = me.filter((r) => r && !r.ok)
    expect(live).toHaveLength(1)
    expect(replaced.length + done.filter((r) => !r.ok).length).toBe(1)
    for (const r of replaced) expect(r).toMatchObject({ ok: false, error: { code: 'SESSION_REPLACED', message: '已在其他设备登录' } })
    // The store agrees: the identity's one current session is the live token's.
    const winner = tokens[me.findIndex((r) => r?.ok)]!
    const identity = await cloud.deps.stores.identities.get(cloud.deps.cipher.keyedHash(chen.idNumber))
    expect(identity?.currentSessionId).toBe(sessionIdOf(winner))
  })

  it('revealIdentity needs a fresh verification', async () => {
    const shortWindow = mkdtempSync(path.join(os.tmpdir(), 'api-cloud-'))
    const other = await startLocalCloud({ config: loadConfig({ DATA_DIR: shortWindow, VERIFY_WINDOW_SECONDS: '1' }), port: 0, stores: 'memory' })
    try {
      // Same flow against a cloud whose window is 1 s; the clock is moved instead of sleeping.
      const realNow = other.deps.clock.now
      let offset = 0
      // The cloud's own clock object (one per cloud): steering it leaves the shared one alone.
      expect(other.deps.clock).not.toBe(cloud.deps.clock)
      other.deps.clock.now = () => realNow() + offset
      const call = async (event: Record<string, unknown>) =>
        (await fetch(`${other.url}/cloud/auth`, { method: 'POST', headers: { 'x-wx-openid': 'api-o6' }, body: JSON.stringify(event) })).json()
      const started = await call({ action: 'startVerification', purpose: 'login', method: 'face', ...chen })
      other.simulator.report(started.data.verifyId, 'pass')
      const token = (await call({ action: 'completeVerification', verifyId: started.data.verifyId })).data.sessionToken
      expect(await call({ action: 'revealIdentity', sessionToken: token })).toEqual({ ok: true, data: chen })
      offset = 5_000
      expect((await call({ action: 'revealIdentity', sessionToken: token })).error.code).toBe('VERIFICATION_REQUIRED')
      const re = await call({ action: 'startVerification', purpose: 'reverify', method: 'face', sessionToken: token })
      other.simulator.report(re.data.verifyId, 'pass')
      expect((await call({ action: 'completeVerification', verifyId: re.data.verifyId, sessionToken: token })).ok).toBe(true)
      expect(await call({ action: 'revealIdentity', sessionToken: token })).toEqual({ ok: true, data: chen })
    } finally {
      await other.close()
      rmSync(shortWindow, { recursive: true, force: true })
    }
  })

  it('a parent with no face record who logs in by pay password renews a stale session by pay password, not face', async () => {
    const shortWindow = mkdtempSync(path.join(os.tmpdir(), 'api-cloud-'))
    const other = await startLocalCloud({ config: loadConfig({ DATA_DIR: shortWindow, VERIFY_WINDOW_SECONDS: '1' }), port: 0, stores: 'memory' })
    try {
      const realNow = other.deps.clock.now
      let offset = 0
      other.deps.clock.now = () => realNow() + offset
      const users = DemoUsers.parse(await (await fetch(`${other.url}/local/demo-users`)).json())
      const cai = users.find((u) => u.nickname.includes('无人脸记录'))!
      const call = async (event: Record<string, unknown>) =>
        (await fetch(`${other.url}/cloud/auth`, { method: 'POST', headers: { 'x-wx-openid': cai.openid }, body: JSON.stringify(event) })).json()
      const sim = async (verifyId: string, outcome: string) =>
        expect((await fetch(`${other.url}/sim/verify/${encodeURIComponent(verifyId)}`, { method: 'POST', body: JSON.stringify({ outcome }) })).status).toBe(200)
      const face = await call({ action: 'startVerification', purpose: 'login', method: 'face', ...cai.suggested })
      await sim(face.data.verifyId, 'no_record')
      expect((await call({ action: 'completeVerification', verifyId: face.data.verifyId })).error.code).toBe('FACE_NO_RECORD')
      const pay = await call({ action: 'startVerification', purpose: 'login', method: 'wxpay', ...cai.suggested })
      await sim(pay.data.verifyId, 'pass')
      const token = (await call({ action: 'completeVerification', verifyId: pay.data.verifyId })).data.sessionToken
      expect((await call({ action: 'me', sessionToken: token })).data.defaultMethod).toBe('wxpay')

      offset = 5_000
      expect((await call({ action: 'revealIdentity', sessionToken: token })).error.code).toBe('VERIFICATION_REQUIRED')
      const re = await call({ action: 'startVerification', purpose: 'reverify', sessionToken: token })
      expect(re.data.method).toBe('wxpay')
      await sim(re.data.verifyId, 'pass')
      expect(await call({ action: 'completeVerification', verifyId: re.data.verifyId, sessionToken: token })).toMatchObject({ ok: true, data: { purpose: 'reverify' } })
      expect(await call({ action: 'revealIdentity', sessionToken: token })).toEqual({ ok: true, data: cai.suggested })
    } finally {
      await other.close()
      rmSync(shortWindow, { recursive: true, force: true })
    }
  })

  it('answers bad input without writing: BAD_REQUEST, non-JSON, missing openid, unknown function', async () => {
    const bad = await post('/cloud/auth', { action: 'me' }, 'api-o7')
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('sessionToken') } })
    const notJson = await post('/cloud/auth', '{nope', 'api-o7')
    expect([notJson.status, notJson.json.error.code]).toEqual([400, 'BAD_REQUEST'])
    expect((await post('/cloud/auth', { action: 'options' })).json.error.code).toBe('NOT_LOGGED_IN')
    const unknown = await post('/cloud/nothing', {}, 'api-o7')
    expect([unknown.status, unknown.json.error.code]).toEqual([404, 'UNKNOWN_FUNCTION'])
    const big = await post('/cloud/auth', { action: 'options', pad: 'x'.repeat(70 * 1024) }, 'api-o7')
    expect(big.status).toBe(413)
    expect((await post('/sim/verify/unknown-id', { outcome: 'pass' })).status).toBe(404)
    expect((await post('/sim/verify/unknown-id', { outcome: 'maybe' })).status).toBe(400)
  })

  it('never sent the clear ID number in any response except revealIdentity', () => {
    expect(bodies.length).toBeGreaterThan(10)
    for (const b of bodies) {
      expect(b).not.toContain(chen.idNumber)
      expect(b).not.toContain(withX.idNumber)
    }
  })
})
