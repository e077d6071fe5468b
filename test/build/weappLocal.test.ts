/**
 * `npm run build:weapp:local` (TARO_APP_TRANSPORT=http) makes a WeChat build that talks to
 * the local cloud over wx.request, with demo users and the simulated camera page, so DevTools can
 * run every journey against `npm start`. Builds it once (~25 s) into a temp folder and reads it;
 * what the app then does against a running cloud is test/unit/localTransport.test.ts and, with
 * DevTools, `npm run test:weapp`.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')
const cloudUrl = 'http://127.0.0.1:18787'
let dir = ''
let js = ''
let out = ''

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-local-'))
  const r = spawnSync('node', ['scripts/build-weapp-local.mjs'], {
    cwd: root,
    env: { ...process.env, TARO_OUTPUT_ROOT: dir, TARO_APP_CLOUD_URL: cloudUrl, NODE_ENV: 'production' },
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`weapp local build failed:\n${r.stderr || r.stdout}`)
  out = r.stdout
  js = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n')
}, 240_000)

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

test('the simulated camera page is in the app, as in H5', () => {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { pages: string[] }
  expect(app.pages).toContain('pages/verify-sim/index')
  expect(fs.existsSync(path.join(dir, 'pages/verify-sim/index.js'))).toBe(true)
})

test('calls go to the given local cloud with the openid stand-in, not to CloudBase', () => {
  expect(js).toContain(cloudUrl)
  expect(js).toContain('X-WX-OPENID')
  expect(js).toContain('/local/demo-users')
  // Neither the CloudBase init nor callFunction is left in the app's code.
  expect(js).not.toMatch(/cloud\.init\(|callFunction\(/)
})

test('a cloud URL that is not an origin is refused before building', () => {
  const r = spawnSync('node', ['scripts/build-weapp-local.mjs'], {
    cwd: root,
    env: { ...process.env, TARO_OUTPUT_ROOT: dir, TARO_APP_CLOUD_URL: 'ftp://x/y' },
    encoding: 'utf8',
  })
  expect(r.status).toBe(2)
  expect(r.stderr).toContain('TARO_APP_CLOUD_URL')
  expect(out).toContain(cloudUrl)
})
