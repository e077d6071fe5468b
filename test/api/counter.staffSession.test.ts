import { passwordHash } from '../../cloudfunctions/services/counter/desk'
import { throttleKey } from '../../cloudfunctions/services/counter/signInGuard'
import { useConsentCloud } from './consent.helpers'

/**
 * Staff sessions of the counter workstation end: 退出 kills the token on the
 * server, 30 minutes without a call end it, and wrong passwords are limited per account and per
 * client address (OWASP ASVS V2.2.1). Its own local cloud: the locks it provokes stay here.
 */
const { advance, cloud } = useConsentCloud()

async function desk(action: string, body: Record<string, unknown>, token: string | null, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${cloud().url}/counter/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}
const signIn = async (operatorId: string, password: string, headers: Record<string, string> = {}) => desk('signIn', { operatorId, password }, null, headers)

async function account(id: string, password: string) {
  await cloud().deps.counter.operators.ensure({ id, counterId: 'hz-shiyan-review', name: '陈**', passwordHash: passwordHash(password), createdAt: 1 })
}

describe('退出 and the idle limit', () => {
  it('退出 (signOut) kills the token at once: every staff action refuses it afterwards', async () => {
    const { token, idleMinutes } = (await signIn(cloud().demoCounter.operatorId, cloud().demoCounter.password)).body.data
    expect(idleMinutes).toBe(30)
    expect((await desk('me', {}, token)).status).toBe(200)
    const out = await desk('signOut', {}, token)
    expect([out.status, out.body.data]).toEqual([200, { signedOut: true }])
    for (const [action, body] of [['me', {}], ['faceTicket', { matterId: 'enrol-review' }], ['form', { caseId: 'cc_abcdefgh1234' }], ['signOut', {}]] as const) {
      const r = await desk(action, body, token)
      expect([action, r.status, r.body.error?.code]).toEqual([action, 401, 'COUNTER_UNAUTHORIZED'])
    }
    // Another session of the same account is untouched.
    const other = (await signIn(cloud().demoCounter.operatorId, cloud().demoCounter.password)).body.data.token
    expect((await desk('me', {}, other)).status).toBe(200)
  })

  it('30 minutes without a call end the session; a call within them keeps it (at most one write a minute)', async () => {
    const { token } = (await signIn(cloud().demoCounter.operatorId, cloud().demoCounter.password)).body.data
    const sessions = cloud().deps.counter.sessions
    const id = (await import('node:crypto')).createHash('sha256').update(token).digest('hex')
    const touches = jest.spyOn(sessions, 'touch')
    // Calls within the same minute write nothing.
    for (let i = 0; i < 5; i++) expect((await desk('me', {}, token)).status).toBe(200)
    expect(touches).not.toHaveBeenCalled()
    // Working on: 25 minutes, a call; 25 more, still in.
    advance(25 * 60_000)
    const before = cloud().deps.clock.now()
    expect((await desk('me', {}, token)).status).toBe(200)
    expect(touches).toHaveBeenCalledTimes(1)
    expect((await sessions.get(id))?.lastSeenAt).toBeGreaterThanOrEqual(before)
    advance(25 * 60_000)
    expect((await desk('me', {}, token)).status).toBe(200)
    // Away from the desk for 30 minutes: out, with a message saying why.
    advance(30 * 60_000)
    const idle = await desk('me', {}, token)
    expect([idle.status, idle.body.error.code]).toEqual([401, 'COUNTER_UNAUTHORIZED'])
    expect(idle.body.error.message).toBe('已超过30分钟未操作，已自动退出')
    touches.mockRestore()
  })
})

describe('wrong passwords (OWASP ASVS V2.2.1)', () => {
  it('5 wrong passwords within 15 minutes lock the account for 15 minutes, even with the right one; the message says how long', async () => {
    await account('chen01', 'right-password-1')
    for (let i = 1; i <= 4; i++) {
      const r = await signIn('chen01', `wrong-${i}`)
      expect([r.status, r.body.error.code]).toEqual([401, 'COUNTER_UNAUTHORIZED'])
      expect(r.body.error.hint).toContain(`再输错${5 - i}次`)
    }
    const fifth = await signIn('chen01', 'wrong-5')
    expect([fifth.status, fifth.body.error.code, fifth.body.error.message]).toEqual([429, 'COUNTER_SIGNIN_LOCKED', '登录失败次数过多，请15分钟后再试'])
    const right = await signIn('chen01', 'right-password-1')
    expect([right.status, right.body.error.code]).toEqual([429, 'COUNTER_SIGNIN_LOCKED'])
    advance(9 * 60_000 + 30_000)
    expect((await signIn('chen01', 'right-password-1')).body.error.message).toBe('登录失败次数过多，请6分钟后再试')
    advance(6 * 60_000)
    expect((await signIn('chen01', 'right-password-1')).status).toBe(200)
  })

  it('failures spread over more than 15 minutes do not lock; a right password clears the count', async () => {
    await account('chen02', 'right-password-2')
    for (let i = 0; i < 4; i++) await signIn('chen02', 'wrong')
    advance(16 * 60_000)
    for (let i = 0; i < 4; i++) expect((await signIn('chen02', 'wrong')).status).toBe(401)
    expect((await signIn('chen02', 'right-password-2')).status).toBe(200)
    for (let i = 0; i < 4; i++) expect((await signIn('chen02', 'wrong')).status).toBe(401)
    expect((await signIn('chen02', 'right-password-2')).status).toBe(200)
  })

  it('10 wrong passwords at once count exactly: the account is locked, and no racing attempt slips past', async () => {
    await account('chen03', 'right-password-3')
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn('chen03', `wrong-${i}`)))
    // Each counted failure got its own number: 1–4 say how many are left, the 5th and later say
    // wait (those arriving after the lock are refused before the password is checked, uncounted).
    expect(replies.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429])
    const failures = (await cloud().deps.counter.throttles.get(throttleKey(cloud().deps, 'account', 'chen03')))!.failures
    expect(failures).toBeGreaterThanOrEqual(5)
    expect(failures).toBeLessThanOrEqual(10)
    expect((await signIn('chen03', 'right-password-3')).body.error.code).toBe('COUNTER_SIGNIN_LOCKED')
    advance(16 * 60_000)
  })

  it('one address guessing over many accounts is locked after 20 failures, whatever the account; the lock names no account', async () => {
    for (let i = 0; i < 20; i++) await signIn(`guess${i}`, 'password')
    await account('chen04', 'right-password-4')
    const r = await signIn('chen04', 'right-password-4')
    expect([r.status, r.body.error.code]).toEqual([429, 'COUNTER_SIGNIN_LOCKED'])
    // Stored counters are keyed hashes: no account name or address in clear.
    const stored = JSON.stringify(await Promise.all(['guess0', '127.0.0.1', '::ffff:127.0.0.1'].map((k) => cloud().deps.counter.throttles.get(k))))
    expect(stored).toBe('[null,null,null]')
    advance(16 * 60_000)
    expect((await signIn('chen04', 'right-password-4')).status).toBe(200)
  })

  it('an x-forwarded-for header does not change the local server’s address', async () => {
    for (let i = 0; i < 20; i++) await signIn(`spoof${i}`, 'password', { 'x-forwarded-for': `10.0.0.${i}` })
    expect((await signIn(cloud().demoCounter.operatorId, cloud().demoCounter.password, { 'x-forwarded-for': '10.9.9.9' })).body.error.code).toBe('COUNTER_SIGNIN_LOCKED')
    advance(16 * 60_000)
  })
})
