import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'

/** Static serving of the H5 build by the local cloud. */
let cloud: LocalCloud
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'h5-'))
  mkdirSync(path.join(dir, 'h5/js'), { recursive: true })
  writeFileSync(path.join(dir, 'h5/index.html'), '<!doctype html><title>app</title>')
  writeFileSync(path.join(dir, 'h5/js/app.js'), 'console.log(1)')
  writeFileSync(path.join(dir, 'secret.txt'), 'outside')
  cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: path.join(dir, 'data') }), port: 0, h5Dir: path.join(dir, 'h5'), stores: 'memory' })
})
afterAll(async () => {
  await cloud.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Raw request so the path is sent as written (fetch would normalise `..`). */
function rawGet(p: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(cloud.url)
  return new Promise((resolve, reject) => {
    request({ hostname, port, path: p, method: 'GET' }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }))
    })
      .on('error', reject)
      .end()
  })
}

describe('local cloud: static H5', () => {
  it('serves files with their content type and falls back to index.html for routes', async () => {
    expect(await rawGet('/js/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' })
    expect(await rawGet('/pages/login/index')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: expect.stringContaining('<title>app') })
    expect((await rawGet('/js/missing.js')).status).toBe(404)
  })

  it('never serves files outside the H5 folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/js/..%2f..%2fsecret.txt']) {
      const r = await rawGet(p)
      expect(r.body).not.toContain('outside')
    }
  })

  it('binds to 127.0.0.1 by default', () => {
    expect(new URL(cloud.url).hostname).toBe('127.0.0.1')
  })
})
