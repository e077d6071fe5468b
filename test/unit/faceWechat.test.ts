import { certHash, outcomeOf, WeChatApiError, WeChatFaceVerifier } from '../../cloudfunctions/adapters/face-wechat'
import type { VerifySubject } from '../../cloudfunctions/ports/faceVerifier'

/** A fake `fetch`: records each request, answers by URL path with a scripted JSON reply. */
function fakeWeChat(replies: Record<string, Array<object>>) {
  const calls: Array<{ path: string; query: URLSearchParams; body: any }> = []
  const fetchFn = (async (input: any, init?: RequestInit) => {
    const url = new URL(String(input))
    const path = url.pathname.split('/').pop()!
    calls.push({ path, query: url.searchParams, body: JSON.parse(String(init?.body)) })
    expect(init?.method).toBe('POST')
    const queue = replies[path]
    if (!queue?.length) throw new Error(`unexpected call to ${path}`)
    const reply = queue.length > 1 ? queue.shift()! : queue[0]
    return new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
  return { fetchFn, calls }
}

const token = (t = 'TOKEN1', expires_in = 7200) => ({ access_token: t, expires_in })
const subject: VerifySubject = {
  method: 'face',
  openid: 'o-user-1',
  outSeqNo: 'seq_12345',
  certName: '张三',
  certNo: '310101199801011234',
}

function setup(replies: Record<string, Array<object>>) {
  const clock = { t: 1_700_000_000_000, now() { return this.t } }
  const { fetchFn, calls } = fakeWeChat({ stable_token: [token()], ...replies })
  const verifier = new WeChatFaceVerifier({ appId: 'wxAPP', appSecret: 'SECRET', fetch: fetchFn, clock })
  return { verifier, calls, clock }
}

describe('certHash', () => {
  it('matches the worked example in the queryVerifyInfo doc', () => {
    // cert_type=SURFTlRJVFlfQ0FSRA==&cert_name=5byg5LiJ&cert_no=MzEwMTAxMTk5ODAxMDExMjM0
    expect(certHash('张三', '310101199801011234')).toBe(
      '3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b',
    )
  })
})

describe('WeChatFaceVerifier', () => {
  it('supports face only; wxpay has no server API for ordinary mini-programs', () => {
    const { verifier } = setup({})
    expect(verifier.provider).toBe('wechat')
    expect(verifier.supports('face')).toBe(true)
    expect(verifier.supports('wxpay')).toBe(false)
    return expect(verifier.start({ ...subject, method: 'wxpay' })).rejects.toThrow(/wxpay/)
  })

  it('getverifyid: sends the documented body with the stable token, returns verify id and expiry', async () => {
    const { verifier, calls, clock } = setup({ getverifyid: [{ errcode: 0, verify_id: 'VID-1', expires_in: 3600 }] })
    await expect(verifier.start(subject)).resolves.toEqual({ verifyId: 'VID-1', expiresAt: clock.t + 3_600_000 })
    expect(calls.map((c) => c.path)).toEqual(['stable_token', 'getverifyid'])
    expect(calls[0].body).toEqual({ grant_type: 'client_credential', appid: 'wxAPP', secret: 'SECRET', force_refresh: false })
    expect(calls[1].query.get('access_token')).toBe('TOKEN1')
    expect(calls[1].body).toEqual({
      out_seq_no: 'seq_12345',
      cert_info: { cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '310101199801011234' },
      openid: 'o-user-1',
    })
  })

  it('queryverifyinfo: sends verify_id, out_seq_no, cert_hash, openid', async () => {
    const { verifier, calls } = setup({ queryverifyinfo: [{ errcode: 0, verify_ret: 10000 }] })
    await expect(verifier.query('VID-1', subject)).resolves.toBe('pass')
    expect(calls[1].body).toEqual({
      verify_id: 'VID-1',
      out_seq_no: 'seq_12345',
      cert_hash: '3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b',
      openid: 'o-user-1',
    })
  })

  it.each([
    [{ errcode: 0, verify_ret: 10000 }, 'pass'],
    [{ errcode: 0, verify_ret: 90002 }, 'failed'], // user cancelled
    [{ errcode: 0, verify_ret: 90008 }, 'failed'], // camera permission
    [{ errcode: 0, verify_ret: 90017 }, 'failed'], // timeout
    [{ errcode: 0, verify_ret: 90199 }, 'failed'],
    [{ errcode: 0 }, 'pending'], // no result yet
  ])('maps %j to %s', async (reply, outcome) => {
    const { verifier } = setup({ queryverifyinfo: [reply] })
    await expect(verifier.query('VID-1', subject)).resolves.toBe(outcome)
  })

  it('never passes on a non-zero errcode, even with verify_ret 10000', async () => {
    const { verifier } = setup({ queryverifyinfo: [{ errcode: 84001, errmsg: 'cert mismatch', verify_ret: 10000 }] })
    await expect(verifier.query('VID-1', subject)).rejects.toBeInstanceOf(WeChatApiError)
  })

  it('outcomeOf never reports no_record (not in the 2.0 enum)', () => {
    expect([10000, 90001, 90018, undefined].map(outcomeOf)).not.toContain('no_record')
  })

  it('caches the token until shortly before expiry, never force-refreshing', async () => {
    const { verifier, calls, clock } = setup({ getverifyid: [{ errcode: 0, verify_id: 'V', expires_in: 3600 }] })
    await verifier.start(subject)
    clock.t += 60 * 60 * 1000 // 1 h of a 2 h token: still cached
    await verifier.start(subject)
    expect(calls.filter((c) => c.path === 'stable_token')).toHaveLength(1)
    clock.t += 56 * 60 * 1000 // within 5 min of expiry: refresh
    await verifier.start(subject)
    const tokenCalls = calls.filter((c) => c.path === 'stable_token')
    expect(tokenCalls).toHaveLength(2)
    expect(tokenCalls.every((c) => c.body.force_refresh === false)).toBe(true)
  })

  it('shares one in-flight token request among concurrent calls', async () => {
    const { verifier, calls } = setup({ getverifyid: [{ errcode: 0, verify_id: 'V' }] })
    await Promise.all([verifier.start(subject), verifier.start(subject), verifier.start(subject)])
    expect(calls.filter((c) => c.path === 'stable_token')).toHaveLength(1)
    expect(calls.filter((c) => c.path === 'getverifyid')).toHaveLength(3)
  })

  it('re-reads the token once when WeChat says it is invalid (40001)', async () => {
    const clock = { now: () => 0 }
    const { fetchFn, calls } = fakeWeChat({
      stable_token: [token('OLD'), token('NEW')],
      getverifyid: [{ errcode: 40001, errmsg: 'invalid credential' }, { errcode: 0, verify_id: 'V' }],
    })
    const verifier = new WeChatFaceVerifier({ appId: 'a', appSecret: 's', fetch: fetchFn, clock })
    await expect(verifier.start(subject)).resolves.toMatchObject({ verifyId: 'V' })
    expect(calls.filter((c) => c.path === 'getverifyid').map((c) => c.query.get('access_token'))).toEqual(['OLD', 'NEW'])
  })

  it('surfaces token and API errors as WeChatApiError', async () => {
    const { fetchFn } = fakeWeChat({ stable_token: [{ errcode: 40125, errmsg: 'invalid appsecret' }] })
    const verifier = new WeChatFaceVerifier({ appId: 'a', appSecret: 'bad', fetch: fetchFn, clock: { now: () => 0 } })
    await expect(verifier.start(subject)).rejects.toMatchObject({ errcode: 40125 })
  })
})
