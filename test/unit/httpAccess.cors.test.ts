import { withHttpAccess, type KeyedCall } from '../../cloudfunctions/functions/httpAccess'

/**
 * The counter desk app on CloudBase static hosting calls the counter function's HTTP access from
 * another origin. CORS is answered for the configured desk origin only (DESK_ORIGIN): any other
 * origin gets no CORS header, so a browser on it cannot read the replies, and no preflight passes.
 */
const DESK = 'https://desk.example.cn'
const calls: unknown[] = []
const keyed: KeyedCall = async (event) => {
  calls.push(event)
  return { status: 200, body: { ok: true, data: { me: 1 } } }
}
const mini = async () => ({ ok: true as const, data: 'mini' })
const run = (entry: ReturnType<typeof withHttpAccess>, over: Record<string, unknown>) =>
  entry({ httpMethod: 'POST', path: '/counter/api/me', headers: { authorization: 'Bearer token', origin: DESK }, body: '{}', ...over }, {}) as Promise<any>

beforeEach(() => void (calls.length = 0))

describe('CORS for the desk app', () => {
  const entry = withHttpAccess(mini, keyed, { corsOrigin: DESK })

  it('a preflight from the desk origin is allowed for POST with authorization and content-type, and reaches no handler', async () => {
    const r = await run(entry, { httpMethod: 'OPTIONS', body: '' })
    expect(r.statusCode).toBe(204)
    expect(r.headers).toMatchObject({ 'access-control-allow-origin': DESK, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'authorization, content-type' })
    expect(calls).toEqual([])
  })

  it('a call from the desk origin is answered with the origin allowed', async () => {
    const r = await run(entry, {})
    expect([r.statusCode, r.headers['access-control-allow-origin'], r.headers.vary]).toEqual([200, DESK, 'Origin'])
  })

  it('another origin gets no CORS header and no preflight', async () => {
    for (const origin of ['https://evil.example.cn', 'https://desk.example.cn.evil.cn', 'http://desk.example.cn', 'null']) {
      const pre = await run(entry, { httpMethod: 'OPTIONS', headers: { origin } })
      expect(pre.statusCode).toBe(405)
      expect(pre.headers['access-control-allow-origin']).toBeUndefined()
      const r = await run(entry, { headers: { authorization: 'Bearer token', origin } })
      expect(r.headers['access-control-allow-origin']).toBeUndefined()
    }
    expect(calls).toHaveLength(4)
  })

  it('without DESK_ORIGIN nothing is CORS-enabled, for the desk origin either', async () => {
    const plain = withHttpAccess(mini, keyed)
    expect((await run(plain, { httpMethod: 'OPTIONS' })).statusCode).toBe(405)
    expect((await run(plain, {})).headers['access-control-allow-origin']).toBeUndefined()
  })
})
