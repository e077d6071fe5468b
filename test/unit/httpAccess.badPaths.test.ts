import { withHttpAccess, type KeyedCall } from '../../cloudfunctions/functions/httpAccess'

/**
 * Bad paths at the deployed HTTP access: CloudBase hands the function the path
 * of `POST /biz/<action>` or `/counter/api/<action>`. Whatever the path or method, the reply is
 * the JSON envelope with a 4xx status and the keyed handler is never called with a made-up action;
 * a good path still reaches it with the action decoded.
 */
const calls: unknown[] = []
const keyed: KeyedCall = async (event) => {
  calls.push(event)
  return { status: 200, body: { ok: true, data: null } }
}
const mini = async () => ({ ok: true as const, data: 'mini' })
const entry = withHttpAccess(mini, keyed)
const call = (over: Record<string, unknown>) => entry({ httpMethod: 'POST', path: '/biz/status', headers: { authorization: 'Bearer k' }, body: '{"code":"ABCDEFGH"}', ...over }, {}) as Promise<any>

function expectEnvelope(r: any, status: number, what: string): void {
  if (r?.statusCode !== status) throw new Error(`${what}: ${r?.statusCode} ${String(r?.body).slice(0, 120)}`)
  expect(r.headers['content-type']).toMatch(/^application\/json/)
  expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/[\u4e00-\u9fff]/), hint: expect.any(String) } })
}

beforeEach(() => void (calls.length = 0))

it('a good path reaches the keyed handler with its action, decoded; a trailing slash is the same action', async () => {
  expect((await call({})).statusCode).toBe(200)
  expect((await call({ path: '/counter/api/me/' })).statusCode).toBe(200)
  expect((await call({ path: '/biz/st%61tus' })).statusCode).toBe(200)
  expect(calls).toEqual([{ code: 'ABCDEFGH', action: 'status' }, { code: 'ABCDEFGH', action: 'me' }, { code: 'ABCDEFGH', action: 'status' }])
})

it.each([
  ['a bare %', '/biz/%'],
  ['a cut UTF-8 sequence', '/biz/%E0%A4%A'],
  ['a bad hex escape', '/counter/api/x%ZZ'],
  ['NUL', '/biz/status%00'],
  ['a raw NUL', '/biz/sta\u0000tus'],
  ['a control character', '/biz/%0astatus'],
  ['`..`', '/biz/../status'],
  ['encoded `..`', '/biz/%2e%2e/status'],
  ['`.`', '/biz/./status'],
  ['an encoded slash inside the action', '/biz/x%2Fstatus'],
  ['a double slash', '/biz//status'],
  ['a leading double slash', '//biz/status'],
  ['no action at all', '/'],
  ['an empty path', ''],
  ['a path that is not a string', 42],
  ['no path', undefined],
  ['a path without its leading slash', 'biz/status'],
])('%s (%p): 400 with the envelope, nothing called', async (_what, path) => {
  expectEnvelope(await call({ path }), 400, String(path))
  expect(calls).toEqual([])
})

it('a very long path (100 kB): 414 with the envelope, nothing called', async () => {
  expectEnvelope(await call({ path: `/biz/${'x'.repeat(100_000)}` }), 414, '100 kB')
  expect(calls).toEqual([])
})

it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'post ', ''])('method %p: 405 with the envelope and Allow: POST, nothing called', async (httpMethod) => {
  const r = await call({ httpMethod })
  expectEnvelope(r, 405, httpMethod)
  expect(r.headers.allow).toBe('POST')
  expect(calls).toEqual([])
})

it('a malformed event otherwise (headers not an object, body not a string) is still an answer, never a throw', async () => {
  for (const over of [{ headers: null }, { headers: 'x' }, { body: 12 }, { body: { a: 1 } }, { isBase64Encoded: true, body: 12 }]) {
    const r = await call(over)
    expect(r.statusCode).toBeLessThan(500)
  }
})
