import { randomBytes } from 'node:crypto'
import { sessionIdOf } from '../../cloudfunctions/services/sessionId'
import { makeAuthHarness } from '../helpers/authHarness'

const CHEN = { name: '陈美玲', idNumber: '441302198506120324' }
const errorOf = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => (await p).error?.code

describe('auth services (in-memory SQLite, fake clock)', () => {
  let h: ReturnType<typeof makeAuthHarness>
  beforeEach(() => {
    h = makeAuthHarness()
  })
  afterEach(() => h.stores.close())

  it('logs in with face verification and shows only masked data', async () => {
    const started = await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'face', ...CHEN })
    expect(started).toMatchObject({ provider: 'simulated', identity: { maskedName: '**玲', maskedIdNumber: '44**************24' } })
    expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: started.verifyId }))).toBe('VERIFICATION_PENDING')
    h.simulator.report(started.verifyId, 'pass')
    const done = await h.ok('o1', { action: 'completeVerification', verifyId: started.verifyId })
    if (done.purpose !== 'login') throw new Error('login expected')
    expect(done.me).toMatchObject({ maskedName: '**玲', recentlyVerified: true, defaultMethod: 'face' })
    const me = await h.ok('o1', { action: 'me', sessionToken: done.sessionToken })
    expect(JSON.stringify(me)).not.toContain(CHEN.idNumber)
    // At rest: neither the name nor the number in clear, anywhere in the database.
    const dump = JSON.stringify(['accounts', 'identities', 'sessions', 'verifications'].map((t) => h.stores.db.prepare(`SELECT * FROM ${t}`).all()))
    expect(dump).not.toContain(CHEN.idNumber)
    expect(dump).not.toContain(CHEN.name)
    expect(dump).not.toContain(done.sessionToken)
  })

  it('a session token names its identity by pseudonym only; a session under a token naming someone else is refused; a token naming none still works', async () => {
    const chenId = h.deps.cipher.keyedHash(CHEN.idNumber)
    const token = await h.login('o1', CHEN.name, CHEN.idNumber)
    // The prefix lets the session and the identity be read in one round trip (sessionId.ts).
    expect(token.startsWith(`${chenId}.`)).toBe(true)
    expect(token).not.toContain(CHEN.idNumber)
    const li = { name: '李婉婷', idNumber: '441302198512241085' }
    await h.login('o2', li.name, li.idNumber)
    const liId = h.deps.cipher.keyedHash(li.idNumber)
    const at = h.deps.clock.now()
    const session = (t: string) => ({ id: sessionIdOf(t), openid: 'o1', identityId: chenId, createdAt: at, verifiedAt: at, lastSeenAt: at, endedAt: null })
    // A session of 陈 found under a token whose prefix names 李: never read as 李, refused.
    const forged = `${liId}.${randomBytes(32).toString('base64url')}`
    await h.deps.stores.sessions.create(session(forged))
    await h.deps.stores.identities.setCurrentSession(chenId, sessionIdOf(forged), at)
    expect(await errorOf(h.call('o1', { action: 'me', sessionToken: forged }))).toBe('NOT_LOGGED_IN')
    // A token without the prefix (issued before it existed) is checked with the two reads in turn.
    const plain = randomBytes(32).toString('base64url')
    await h.deps.stores.sessions.create(session(plain))
    await h.deps.stores.identities.setCurrentSession(chenId, sessionIdOf(plain), at)
    expect(await h.ok('o1', { action: 'me', sessionToken: plain })).toMatchObject({ maskedName: '**玲' })
    expect(await errorOf(h.call('o1', { action: 'me', sessionToken: token }))).toBe('SESSION_REPLACED')
  })

  it('a minority name typed with a look-alike separator dot reaches the check as the registry writes it (·)', async () => {
    const start = jest.spyOn(h.simulator, 'start')
    await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'face', name: ' 阿卜杜拉\u30FB买买提 ', idNumber: CHEN.idNumber })
    await h.ok('o2', { action: 'startVerification', purpose: 'login', method: 'face', name: '阿卜杜拉．买买提', idNumber: CHEN.idNumber })
    expect(start.mock.calls.map(([subject]) => subject.certName)).toEqual(['阿卜杜拉\u00B7买买提', '阿卜杜拉\u00B7买买提'])
  })

  it('offers the last identity masked and logs in with it when name and number are left out', async () => {
    const token = await h.login('o1', CHEN.name, '４４１３０２ １９８５０６１２０３２４')
    await h.ok('o1', { action: 'logout', sessionToken: token })
    const options = await h.ok('o1', { action: 'options' })
    expect(options.knownIdentity).toEqual({ maskedName: '**玲', maskedIdNumber: '44**************24' })
    const again = await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'wxpay' })
    expect(again.identity.maskedIdNumber).toBe('44**************24')
    expect(await errorOf(h.call('o9', { action: 'startVerification', purpose: 'login', method: 'face' }))).toBe('BAD_REQUEST')
  })

  it('maps simulated failures to their own errors', async () => {
    for (const [method, outcome, code] of [
      ['face', 'no_record', 'FACE_NO_RECORD'],
      ['face', 'failed', 'FACE_CHECK_FAILED'],
      ['wxpay', 'failed', 'WXPAY_CHECK_FAILED'],
    ] as const) {
      const s = await h.ok('o1', { action: 'startVerification', purpose: 'login', method, ...CHEN })
      h.simulator.report(s.verifyId, outcome)
      expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId }))).toBe(code)
    }
    expect(h.count('sessions')).toBe(0)
  })

  it('offers 微信支付密码认证 after a face failure only when the verifier supports it', async () => {
    const hintsAfterFailures = async () => {
      const hints: string[] = []
      for (const outcome of ['no_record', 'failed'] as const) {
        const s = await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'face', ...CHEN })
        h.simulator.report(s.verifyId, outcome)
        const r = await h.call('o1', { action: 'completeVerification', verifyId: s.verifyId })
        if (r.ok) throw new Error('failure expected')
        hints.push(r.error.hint)
      }
      return hints
    }
    for (const hint of await hintsAfterFailures()) {
      expect(hint).toContain('微信支付密码认证')
      expect(hint).not.toContain('代他人')
    }
    // Like the WeChat adapter: face only. The hints then name retry and the counter, never the missing
    // method, and never 代他人填报 (health's own way out, added by the login page for a health invite only).
    jest.spyOn(h.simulator, 'supports').mockImplementation((m) => m === 'face')
    const [noRecord, failed] = await hintsAfterFailures()
    for (const hint of [noRecord, failed]) {
      expect(hint).not.toContain('微信支付密码认证')
      expect(hint).not.toContain('代他人')
      expect(hint).toContain('重试')
    }
  })

  it('a definite failure consumes the verify id: a later pass on it is refused', async () => {
    for (const outcome of ['failed', 'no_record'] as const) {
      const s = await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'face', ...CHEN })
      h.simulator.report(s.verifyId, outcome)
      expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId }))).not.toBe('VERIFICATION_USED')
      h.simulator.report(s.verifyId, 'pass')
      expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId }))).toBe('VERIFICATION_USED')
    }
    // Pending is not an outcome: the same id still completes once the camera reports a pass.
    const s = await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'face', ...CHEN })
    expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId }))).toBe('VERIFICATION_PENDING')
    h.simulator.report(s.verifyId, 'pass')
    await expect(h.ok('o1', { action: 'completeVerification', verifyId: s.verifyId })).resolves.toMatchObject({ purpose: 'login' })
    expect(h.count('sessions')).toBe(1)
  })

  it('a new login replaces the older session of the same identity', async () => {
    const first = await h.login('o1', CHEN.name, CHEN.idNumber)
    const second = await h.login('o2', CHEN.name, CHEN.idNumber)
    const r = await h.call('o1', { action: 'me', sessionToken: first })
    expect(r).toMatchObject({ ok: false, error: { code: 'SESSION_REPLACED', message: '已在其他设备登录' } })
    await expect(h.ok('o2', { action: 'me', sessionToken: second })).resolves.toMatchObject({ maskedName: '**玲' })
    // The old device logging out must not end the new login.
    await h.ok('o1', { action: 'logout', sessionToken: first })
    await expect(h.ok('o2', { action: 'me', sessionToken: second })).resolves.toBeTruthy()
  })

  it('records activity (lastSeenAt) at most once a minute per session, not on every call', async () => {
    const token = await h.login('o1', CHEN.name, CHEN.idNumber)
    const seen = () => (h.stores.db.prepare('SELECT lastSeenAt FROM sessions').get() as { lastSeenAt: number }).lastSeenAt
    const atLogin = seen()
    h.advance(30_000)
    await h.ok('o1', { action: 'me', sessionToken: token })
    expect(seen()).toBe(atLogin)
    h.advance(30_000)
    await h.ok('o1', { action: 'me', sessionToken: token })
    expect(seen()).toBe(atLogin + 60_000)
  })

  it('revealIdentity needs a verification inside the window; reverify renews it', async () => {
    const token = await h.login('o1', CHEN.name, CHEN.idNumber)
    await expect(h.ok('o1', { action: 'revealIdentity', sessionToken: token })).resolves.toEqual(CHEN)
    h.advance(300_000)
    expect(await errorOf(h.call('o1', { action: 'revealIdentity', sessionToken: token }))).toBe('VERIFICATION_REQUIRED')
    expect((await h.ok('o1', { action: 'me', sessionToken: token })).recentlyVerified).toBe(false)
    const s = await h.ok('o1', { action: 'startVerification', purpose: 'reverify', method: 'face', sessionToken: token })
    h.simulator.report(s.verifyId, 'pass')
    // A reverify id is bound to the session that asked for it.
    const other = await h.login('o2', '黄建华', '440305199001012312')
    expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId, sessionToken: other }))).toBe('FORBIDDEN')
    expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId }))).toBe('FORBIDDEN')
    await expect(h.ok('o1', { action: 'completeVerification', verifyId: s.verifyId, sessionToken: token })).resolves.toMatchObject({ purpose: 'reverify' })
    await expect(h.ok('o1', { action: 'revealIdentity', sessionToken: token })).resolves.toEqual(CHEN)
  })

  it('a fresh check uses the default method: 微信支付密码认证 for a user who logged in by it, refused where the verifier lacks it', async () => {
    const token = await h.login('o1', CHEN.name, CHEN.idNumber, 'wxpay')
    h.advance(300_000)
    expect(await errorOf(h.call('o1', { action: 'revealIdentity', sessionToken: token }))).toBe('VERIFICATION_REQUIRED')
    // No method named: the account's default (set by the first login) decides, not a face check.
    const s = await h.ok('o1', { action: 'startVerification', purpose: 'reverify', sessionToken: token })
    expect(s.method).toBe('wxpay')
    h.simulator.report(s.verifyId, 'failed')
    const failed = await h.call('o1', { action: 'completeVerification', verifyId: s.verifyId, sessionToken: token })
    expect(failed).toMatchObject({ ok: false, error: { code: 'WXPAY_CHECK_FAILED' } })
    expect(await errorOf(h.call('o1', { action: 'revealIdentity', sessionToken: token }))).toBe('VERIFICATION_REQUIRED')
    const again = await h.ok('o1', { action: 'startVerification', purpose: 'reverify', method: 'wxpay', sessionToken: token })
    h.simulator.report(again.verifyId, 'pass')
    const done = await h.ok('o1', { action: 'completeVerification', verifyId: again.verifyId, sessionToken: token })
    expect(done).toMatchObject({ purpose: 'reverify', verifiedAt: h.deps.clock.now() })
    await expect(h.ok('o1', { action: 'revealIdentity', sessionToken: token })).resolves.toEqual(CHEN)
    // Still a window: five minutes on, the pay-password check no longer counts either.
    h.advance(300_000)
    expect(await errorOf(h.call('o1', { action: 'revealIdentity', sessionToken: token }))).toBe('VERIFICATION_REQUIRED')

    // A verifier without 微信支付密码认证 (WeChat adapter) refuses it for a fresh check as for a login,
    // and a default it cannot serve falls back to face.
    jest.spyOn(h.simulator, 'supports').mockImplementation((m) => m === 'face')
    expect(await errorOf(h.call('o1', { action: 'startVerification', purpose: 'reverify', method: 'wxpay', sessionToken: token }))).toBe('METHOD_UNAVAILABLE')
    expect(await errorOf(h.call('o1', { action: 'startVerification', purpose: 'login', method: 'wxpay', ...CHEN }))).toBe('METHOD_UNAVAILABLE')
    expect((await h.ok('o1', { action: 'startVerification', purpose: 'reverify', sessionToken: token })).method).toBe('face')
  })

  it('a failed fresh check says retry or switch method, not the login advice; wxpay only where offered', async () => {
    const token = await h.login('o1', CHEN.name, CHEN.idNumber)
    const failureOf = async (outcome: 'no_record' | 'failed') => {
      const s = await h.ok('o1', { action: 'startVerification', purpose: 'reverify', sessionToken: token })
      expect(s.method).toBe('face')
      h.simulator.report(s.verifyId, outcome)
      const r = await h.call('o1', { action: 'completeVerification', verifyId: s.verifyId, sessionToken: token })
      if (r.ok) throw new Error('failure expected')
      return r.error
    }
    const noRecord = await failureOf('no_record')
    expect(noRecord).toMatchObject({ code: 'FACE_NO_RECORD', message: '系统未包含该身份信息' })
    expect(noRecord.hint).toContain('改用微信支付密码认证')
    const failed = await failureOf('failed')
    expect(failed).toMatchObject({ code: 'FACE_CHECK_FAILED', message: '未能通过人脸检测' })
    expect(failed.hint).toMatch(/重试；或改用微信支付密码认证/)
    for (const e of [noRecord, failed]) {
      expect(e.hint).not.toContain('删除小程序')
      expect(e.hint).not.toContain('代他人填报')
    }
    jest.spyOn(h.simulator, 'supports').mockImplementation((m) => m === 'face')
    for (const e of [await failureOf('no_record'), await failureOf('failed')]) expect(e.hint).not.toContain('微信支付密码认证')
  })

  it('accepts a verify id once, even under concurrent completion', async () => {
    const s = await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'face', ...CHEN })
    h.simulator.report(s.verifyId, 'pass')
    const results = await Promise.all(Array.from({ length: 5 }, () => h.call('o1', { action: 'completeVerification', verifyId: s.verifyId })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array(4).fill('VERIFICATION_USED'))
    expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId }))).toBe('VERIFICATION_USED')
    expect(h.count('sessions')).toBe(1)
  })

  it('refuses a verify id from another openid, an unknown one, and an expired one', async () => {
    const s = await h.ok('o1', { action: 'startVerification', purpose: 'login', method: 'face', ...CHEN })
    h.simulator.report(s.verifyId, 'pass')
    expect(await errorOf(h.call('o2', { action: 'completeVerification', verifyId: s.verifyId }))).toBe('FORBIDDEN')
    expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: 'sim_missing00' }))).toBe('VERIFICATION_NOT_FOUND')
    h.advance(3_600_000)
    expect(await errorOf(h.call('o1', { action: 'completeVerification', verifyId: s.verifyId }))).toBe('VERIFICATION_EXPIRED')
  })

  it('a bad ID number is refused with the precise reason and writes nothing', async () => {
    const r = await h.call('o1', { action: 'startVerification', purpose: 'login', method: 'face', name: '陈美玲', idNumber: '441302198506120325' })
    expect(r).toMatchObject({ ok: false, error: { code: 'ID_NUMBER_INVALID', message: expect.stringContaining('校验位') } })
    expect(JSON.stringify(r)).not.toContain('441302198506120325')
    for (const t of ['accounts', 'identities', 'sessions', 'verifications']) expect(h.count(t)).toBe(0)
  })

  it('sessions expire after the ttl; logout ends a session', async () => {
    const token = await h.login('o1', CHEN.name, CHEN.idNumber)
    await h.ok('o1', { action: 'setDefaultMethod', sessionToken: token, method: 'wxpay' })
    expect((await h.ok('o1', { action: 'options' })).defaultMethod).toBe('wxpay')
    expect(await errorOf(h.call('o2', { action: 'me', sessionToken: token }))).toBe('FORBIDDEN')
    h.advance(72 * 3_600_000)
    expect(await errorOf(h.call('o1', { action: 'me', sessionToken: token }))).toBe('SESSION_EXPIRED')
    const next = await h.login('o1', CHEN.name, CHEN.idNumber)
    await h.ok('o1', { action: 'logout', sessionToken: next })
    expect(await errorOf(h.call('o1', { action: 'me', sessionToken: next }))).toBe('NOT_LOGGED_IN')
  })

  it('the handler parses first and needs an openid', async () => {
    expect(await h.handler({ action: 'nope' }, { OPENID: 'o1' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await h.handler(null, { OPENID: 'o1' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await h.handler({ action: 'options' }, {})).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } })
    // The rendered reason names the field but never echoes what was typed.
    const bad = await h.handler({ action: 'startVerification', purpose: 'login', method: 'sms', ...CHEN }, { OPENID: 'o1' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('method') } })
    expect(JSON.stringify(bad)).not.toContain(CHEN.idNumber)
    expect(h.count('verifications')).toBe(0)
  })

  it('unexpected errors become INTERNAL and the log carries no personal data', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    h.deps.stores.verifications.create = async () => {
      throw new Error(`boom ${CHEN.idNumber}`)
    }
    const r = await h.call('o1', { action: 'startVerification', purpose: 'login', method: 'face', ...CHEN })
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    const logged = JSON.stringify(spy.mock.calls)
    expect(logged).toContain('startVerification')
    expect(logged).not.toContain(CHEN.idNumber)
    expect(logged).not.toContain(CHEN.name)
    spy.mockRestore()
  })
})
