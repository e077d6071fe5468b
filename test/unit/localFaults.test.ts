import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { FaultInjector, parseFault } from '../../cloudfunctions/local/faults'

const root = path.resolve(__dirname, '../..')

describe('local cloud fault injection (LOCAL_FAULT): off by default, one call in N cut or answered late', () => {
  let server: Server
  let url: string
  const faults = new FaultInjector()
  let ran = 0

  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = (req.url ?? '').replace('/cloud/', '')
      if (faults.intercept(name, req, res)) return
      ran++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))
  beforeEach(() => {
    faults.set(null)
    ran = 0
  })

  const call = async (fn = 'health', signal?: AbortSignal) => {
    try {
      const r = await fetch(`${url}/cloud/${fn}`, { method: 'POST', body: '{}', signal })
      return r.status
    } catch {
      return 'failed'
    }
  }

  it('reads the variable: unset or empty is off; drop:N, late:N:ms:fn; anything else stops the start', () => {
    expect(parseFault(undefined)).toBeNull()
    expect(parseFault('')).toBeNull()
    expect(parseFault('drop:3')).toEqual({ mode: 'drop', every: 3, delayMs: 10_000 })
    expect(parseFault('late:2:9000:health')).toEqual({ mode: 'late', every: 2, delayMs: 9000, only: 'health' })
    for (const bad of ['drop', 'drop:0', 'hang:2', 'late:x', 'drop:2:1:he alth']) expect(() => parseFault(bad)).toThrow(/LOCAL_FAULT/)
  })

  it('off: every call answered', async () => {
    expect(await Promise.all([call(), call(), call()])).toEqual([200, 200, 200])
  })

  it('drop:3 cuts the 3rd and 6th call before the function runs; `only` spares other functions; `limit` stops it', async () => {
    faults.set({ mode: 'drop', every: 3, delayMs: 0 })
    const out = []
    for (let i = 0; i < 6; i++) out.push(await call())
    expect(out).toEqual([200, 200, 'failed', 200, 200, 'failed'])
    expect(ran).toBe(4)
    faults.set({ mode: 'drop', every: 1, delayMs: 0, only: 'health', limit: 1 })
    expect([await call('auth'), await call('health'), await call('health')]).toEqual([200, 'failed', 200])
  })

  it('late: the function runs at once, its answer leaves after the delay (a client that gave up has it stored)', async () => {
    faults.set({ mode: 'late', every: 1, delayMs: 400, limit: 1 })
    const t0 = Date.now()
    expect(await call('health', AbortSignal.timeout(100))).toBe('failed')
    expect(ran).toBe(1)
    expect(await call()).toBe(200)
    expect(Date.now() - t0).toBeLessThan(400)
  })

  it('is never part of a deployment: nothing under cloudfunctions/functions, adapters, services or domain loads the local folder', () => {
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : [path.join(d, f)]))
    const deployed = ['functions', 'adapters', 'services', 'domain', 'ports'].flatMap((d) => walk(path.join(root, 'cloudfunctions', d)))
    for (const f of deployed) expect({ f: path.relative(root, f), local: /from '\.\.\/(\.\.\/)*local\//.test(readFileSync(f, 'utf8')) }).toEqual({ f: path.relative(root, f), local: false })
  })
})
