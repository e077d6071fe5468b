import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { LOCAL_ROUTES, startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'

/**
 * Bad paths on every route of the local cloud, walked from the server's own
 * route table so a route added later is covered too: malformed percent-encoding, NUL and control
 * characters, `..` and `%2e%2e`, double slashes, unknown names, a 100 kB path, every method the
 * route does not take. Each answer is the JSON error envelope with a 4xx status, never a 5xx, the
 * server stays up, nothing is written, and the static files never leave their folder.
 */
let cloud: LocalCloud
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bad-paths-'))
  mkdirSync(path.join(dir, 'h5/js'), { recursive: true })
  writeFileSync(path.join(dir, 'h5/index.html'), '<!doctype html><title>app</title>')
  writeFileSync(path.join(dir, 'h5/js/app.js'), 'console.log(1)')
  writeFileSync(path.join(dir, 'secret.txt'), 'outside')
  // A link inside the build pointing out of it (a stray symlink in dist/h5) must not be followed out.
  symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'h5/js/leak.txt'))
  symlinkSync(dir, path.join(dir, 'h5/up'))
  cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: path.join(dir, 'data') }), port: 0, h5Dir: path.join(dir, 'h5'), stores: 'memory' })
})
afterAll(async () => {
  await cloud.close()
  rmSync(dir, { recursive: true, force: true })
})

type Answer = { status: number; type: string; body: string }

/** The path goes on the wire exactly as written (fetch would normalise or refuse it). */
function raw(method: string, p: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const { hostname, port } = new URL(cloud.url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: p, method, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function expectEnvelope(a: Answer, status: number | [number, number], what: string): void {
  const [lo, hi] = typeof status === 'number' ? [status, status] : status
  if (a.status < lo || a.status > hi || !a.type.startsWith('application/json')) {
    throw new Error(`${what}: ${a.status} ${a.type} ${a.body.slice(0, 120)}`)
  }
  const body = JSON.parse(a.body)
  expect(body).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fff]/), hint: expect.any(String) } })
  expect(a.body).not.toMatch(/at .+\(|\/work\/|node_modules|\.ts:\d+|URIError/)
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']
/** A route's path with something after it: a prefix takes a segment, an exact path a sub-path. */
const under = (r: (typeof LOCAL_ROUTES)[number], tail: string) => (r.rest ? r.path + tail : `${r.path}/${tail}`)
const credentials = (p: string): Record<string, string> =>
  p.startsWith('/biz/') ? { authorization: `Bearer ${cloud.demoBizKey}` } : { 'x-wx-openid': 'openid-someone' }

/** Malformed: no decoder may take these; 400 on every route, whatever the method. */
const MALFORMED = ['%', '%E0%A4%A', 'x%ZZ', '%C3', '%ff', 'a%00b', '%00', '%0a', 'a%1Fb', '%7F']

it('walks a route table that names every route the server has', () => {
  expect(LOCAL_ROUTES.map((r) => `${r.methods.join('|')} ${r.path}${r.rest ? '*' : ''}`)).toEqual(
    expect.arrayContaining(['POST /cloud/*', 'POST /sim/verify/*', 'POST /biz/*', 'POST /counter/api/*', 'GET|HEAD /files/*', 'GET|HEAD /healthz', 'GET|HEAD /*']),
  )
})

describe.each(LOCAL_ROUTES.map((r) => [`${r.methods.join('|')} ${r.path}${r.rest ? '*' : ''}`, r] as const))('%s', (_name, route) => {
  it('malformed percent-encoding, NUL and control characters: 400 with the envelope, for every method', async () => {
    const before = cloud.rowCounts()
    for (const tail of MALFORMED) {
      for (const method of METHODS) {
        const p = under(route, tail)
        const a = await raw(method, p, credentials(p), method === 'POST' ? '{}' : undefined)
        if (method === 'HEAD') expect(a.status).toBe(400)
        else expectEnvelope(a, 400, `${method} ${p}`)
      }
    }
    expect(cloud.rowCounts()).toEqual(before)
  })

  it('a 3 kB and a 100 kB path: a 4xx envelope, and the server still answers', async () => {
    // 3 kB passes node's parser and is refused by the router (414); 100 kB is past node's header limit (431).
    for (const [size, status] of [[3_000, 414], [100_000, 431]]) {
      const a = await raw(route.methods[0], under(route, 'x'.repeat(size)), {}, route.methods[0] === 'POST' ? '{}' : undefined)
      expectEnvelope(a, status, `${size} B under ${route.path}`)
    }
    expect((await raw('GET', '/healthz')).status).toBe(200)
  })

  it('every method the route does not take: 405 with the envelope', async () => {
    for (const method of METHODS.filter((m) => !route.methods.includes(m as never))) {
      const p = under(route, route.rest ? 'x' : '').replace(/\/$/, '') || '/'
      const exact = route.rest ? p : route.path
      const a = await raw(method, exact, credentials(exact), method === 'POST' ? '{}' : undefined)
      if (method === 'HEAD') expect(a.status).toBe(405)
      else expectEnvelope(a, 405, `${method} ${exact}`)
    }
  })
})

describe('API prefixes: dots, double slashes, unknown names', () => {
  const api = () => LOCAL_ROUTES.filter((r) => r.rest && r.methods.includes('POST' as never))
  const TAILS = ['..', '../', '%2e%2e', '%2E%2E/%2e%2e/x', '..%2f..%2fx', '/auth', '//x', 'a//b', 'nope-unknown', '__proto__', 'constructor', 'toString', '', '.', '%20']

  it('answer a 4xx envelope (never the app shell, never a 5xx) and write nothing', async () => {
    const before = cloud.rowCounts()
    for (const r of api()) {
      for (const tail of TAILS) {
        const p = r.path + tail
        const a = await raw('POST', p, credentials(p), '{}')
        // `..` is resolved before routing (like any URL), so `/cloud/..` is POST to `/`: a 405.
        expectEnvelope(a, [400, 405], `POST ${p}`)
      }
    }
    expect(cloud.rowCounts()).toEqual(before)
  })

  it('an unknown function is UNKNOWN_FUNCTION; an unknown action of a keyed API is BAD_REQUEST', async () => {
    expect(JSON.parse((await raw('POST', '/cloud/nope', {}, '{}')).body).error.code).toBe('UNKNOWN_FUNCTION')
    for (const p of ['/biz/nope', '/counter/api/nope']) {
      const a = await raw('POST', p, credentials(p), '{}')
      expectEnvelope(a, 400, p)
    }
  })
})

describe('static files', () => {
  it('never leave their folder: dots, encoded dots, backslashes, symlinks out', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/js/..%2f..%2fsecret.txt', '/js/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/js/leak.txt', '/up/secret.txt', '//../secret.txt']) {
      for (const method of ['GET', 'HEAD']) {
        const a = await raw(method, p)
        expect([a.status, a.body]).not.toEqual([200, 'outside'])
        expect(a.body).not.toContain('outside')
        expect(a.status).toBeLessThan(500)
      }
    }
    // The folder's own files are still served.
    expect(await raw('GET', '/js/app.js')).toMatchObject({ status: 200, body: 'console.log(1)' })
  })

  it('a request target that is not a path (`//[`, `*`, an absolute URL) answers an envelope and the server stays up', async () => {
    for (const p of ['//[', '//[::1', '//a:b@', '//%zz']) {
      const a = await raw('GET', p)
      expect(a.status).toBeLessThan(500)
    }
    expectEnvelope(await raw('OPTIONS', '*'), [400, 405], 'OPTIONS *')
    expect((await raw('GET', '/healthz')).status).toBe(200)
  })
})
