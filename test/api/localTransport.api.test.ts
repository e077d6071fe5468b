/**
 * The weapp build made with TARO_APP_TRANSPORT=http runs the app's own transport code
 * (src/services/cloud.ts, localCloud.ts, demoUser.ts) over wx.request against a running local cloud.
 * Here `wx.request` is Taro.request played by node's fetch with WeChat's answer shape (statusCode,
 * data parsed as JSON, reject only when no answer came), and the env is what that build bakes in.
 * What WeChat DevTools itself does with it is `npm run test:weapp`, which needs DevTools.
 */
import os from 'node:os'
import path from 'node:path'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'

type WxRequest = { url: string; method: string; header: Record<string, string>; data?: unknown; dataType?: string }
const requests: WxRequest[] = []
const storage = new Map<string, unknown>()
const callFunction = jest.fn()
const reLaunch = jest.fn(() => Promise.resolve())
const showModal = jest.fn(() => Promise.resolve({ confirm: true }))

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    request: async (o: WxRequest) => {
      requests.push(o)
      let res: Response
      try {
        res = await fetch(o.url, { method: o.method, headers: o.header, body: o.data === undefined ? undefined : JSON.stringify(o.data) })
      } catch {
        throw { errMsg: 'request:fail' }
      }
      const text = await res.text()
      let data: unknown = text
      if (o.dataType === 'json') {
        try {
          data = JSON.parse(text)
        } catch {
          data = text
        }
      }
      return { statusCode: res.status, data, header: {}, errMsg: 'request:ok' }
    },
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    reLaunch,
    showModal,
    cloud: { callFunction },
  },
}))

let cloud: LocalCloud
let dir: string
const saved = { ...process.env }

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'weapp-http-'))
  cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dir }), port: 0, stores: 'memory' })
  // What `npm run build:weapp:local` bakes into the bundle (config/index.ts env).
  Object.assign(process.env, { TARO_ENV: 'weapp', TARO_APP_TRANSPORT: 'http', TARO_APP_CLOUD_URL: `${cloud.url}/` })
})
afterAll(async () => {
  process.env = saved
  await cloud?.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  requests.length = 0
})

// Required after the env is set; the modules read it at call time, as the built bundle's constants.
const load = () => ({
  cloud: require('../../src/services/cloud') as typeof import('../../src/services/cloud'),
  demo: require('../../src/services/demoUser') as typeof import('../../src/services/demoUser'),
  local: require('../../src/services/localCloud') as typeof import('../../src/services/localCloud'),
})

it('logs a demo user in by the simulated face check and opens the space, all over wx.request to the built-in URL', async () => {
  const { cloud: c, demo, local } = load()
  const users = await demo.fetchDemoUsers()
  const user = users.find((u) => u.suggested)!
  demo.chooseDemoUser(user)

  const options = await c.callAuth({ action: 'options' })
  expect(options.defaultMethod).toBe('face')
  const started = await c.callAuth({ action: 'startVerification', purpose: 'login', method: 'face', ...user.suggested! })
  // The simulated camera page's call (pages/verify-sim).
  const sim = await local.localRequest(`/sim/verify/${encodeURIComponent(started.verifyId)}`, { method: 'POST', body: { outcome: 'pass' } })
  expect(sim.status).toBe(200)
  const done = await c.callAuth({ action: 'completeVerification', verifyId: started.verifyId })
  if (done.purpose !== 'login') throw new Error('login expected')
  const home = await c.callSpace({ action: 'home', sessionToken: done.sessionToken })
  expect(home).toBeTruthy()

  // Every call went to the cloud URL the build was given (its trailing slash dropped), the
  // function calls with the demo openid in the header CloudBase's injected OPENID stands for.
  expect(requests.length).toBeGreaterThanOrEqual(5)
  for (const r of requests) expect(r.url.startsWith(`${cloud.url}/`) && !r.url.startsWith(`${cloud.url}//`)).toBe(true)
  const fnCalls = requests.filter((r) => r.url.includes('/cloud/'))
  expect(fnCalls.map((r) => r.url.slice(cloud.url.length))).toEqual(['/cloud/auth', '/cloud/auth', '/cloud/auth', '/cloud/space'])
  for (const r of fnCalls) expect(r.header['X-WX-OPENID']).toBe(user.openid)
  expect(callFunction).not.toHaveBeenCalled()
})

it('an error envelope sent with an HTTP error status is the function error, not a network failure', async () => {
  const { cloud: c, demo } = load()
  demo.chooseDemoUser((await demo.fetchDemoUsers())[0])
  // Over the local cloud's 64 KB body limit: 413 with the envelope (PAYLOAD_TOO_LARGE).
  const err = await c.callAuth({ action: 'startVerification', purpose: 'login', method: 'face', name: 'x'.repeat(70_000), idNumber: '1' }).catch((e) => e)
  expect(err).toBeInstanceOf(c.CloudError)
  expect(err.code).not.toBe('NETWORK')
  expect(err.message).toMatch(/[\u4e00-\u9fa5]/)
})

it('no demo user chosen: nothing is sent, the home page (the picker) opens', async () => {
  const { cloud: c, demo } = load()
  demo.forgetDemoUser()
  const err = await c.callAuth({ action: 'options' }).catch((e) => e)
  expect(err.code).toBe('NOT_LOGGED_IN')
  expect(requests).toHaveLength(0)
  expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
})

it('a local cloud that is not running is a network error with the usual message', async () => {
  const { cloud: c, demo, local } = load()
  demo.chooseDemoUser((await demo.fetchDemoUsers())[0])
  process.env.TARO_APP_CLOUD_URL = 'http://127.0.0.1:9'
  try {
    const err = await c.callAuth({ action: 'options' }).catch((e) => e)
    expect([err.code, err.message]).toEqual(['NETWORK', '网络异常，请检查网络后重试'])
    // An export link of the local cloud (a path) becomes a URL wx.downloadFile can open.
    expect(local.localUrl('/files/abc?exp=1&sig=x')).toBe('http://127.0.0.1:9/files/abc?exp=1&sig=x')
    expect(local.localUrl('https://tcb.example/x.xlsx')).toBe('https://tcb.example/x.xlsx')
  } finally {
    process.env.TARO_APP_CLOUD_URL = `${cloud.url}/`
  }
})
