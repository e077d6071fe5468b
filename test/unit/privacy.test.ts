/**
 * src/services/privacy.ts against a fake Taro that behaves as WeChat's privacy APIs are documented
 * (小程序隐私协议开发指南, wx.onNeedPrivacyAuthorization, wx.requirePrivacyAuthorize): the pending
 * call continues on resolve({ buttonId, event: 'agree' }) and fails on resolve({ event: 'disagree' }).
 * The H5 branch is also driven in the browser (test/e2e/login.spec.ts).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

type Resolve = (o: { event: string; buttonId?: string }) => void
const calls: Array<[string, unknown?]> = []
const storage = new Map<string, unknown>()
const handlers = new Map<string, Set<(...a: unknown[]) => void>>()
let listener: ((resolve: Resolve, info: { referrer: string }) => void) | null = null
let wxAgreed = false
let hasPrivacyApi = true
let contractFails = false

/** WeChat's side of wx.requirePrivacyAuthorize: success at once if agreed, else the app's listener decides. */
function wechatRequire(o: { success: () => void; fail: (e: { errMsg: string }) => void }) {
  calls.push(['requirePrivacyAuthorize'])
  if (wxAgreed) return o.success()
  if (!listener) return o.fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' })
  listener(
    (r) => {
      calls.push(['resolve', r])
      if (r.event === 'agree') {
        wxAgreed = true
        o.success()
      } else if (r.event === 'disagree') o.fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' })
    },
    { referrer: 'requirePrivacyAuthorize' },
  )
}

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    get onNeedPrivacyAuthorization() {
      return hasPrivacyApi ? (l: typeof listener) => { calls.push(['onNeedPrivacyAuthorization']); listener = l } : undefined
    },
    get requirePrivacyAuthorize() {
      return hasPrivacyApi ? wechatRequire : undefined
    },
    get openPrivacyContract() {
      return hasPrivacyApi
        ? (o: { fail: () => void }) => { calls.push(['openPrivacyContract']); if (contractFails) o.fail() }
        : undefined
    },
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    showToast: (o: { title: string }) => { calls.push(['showToast', o.title]); return Promise.resolve() },
    eventCenter: {
      on: (e: string, f: (...a: unknown[]) => void) => { if (!handlers.has(e)) handlers.set(e, new Set()); handlers.get(e)!.add(f) },
      off: (e: string, f: (...a: unknown[]) => void) => void handlers.get(e)?.delete(f),
      trigger: (e: string, ...a: unknown[]) => { for (const f of [...(handlers.get(e) ?? [])]) f(...a) },
    },
  },
}))

type Privacy = typeof import('../../src/services/privacy')
let privacy: Privacy
const saved = process.env.TARO_ENV
const flush = () => new Promise((r) => setImmediate(r))

/** A mounted popup: records what it was asked and when it was told to close. */
function popup() {
  const seen: string[] = []
  const stop = privacy.watchPrivacyAsks((a) => seen.push(`ask:${a.referrer}`), () => seen.push('settled'))
  return { seen, stop }
}

beforeEach(() => {
  calls.length = 0
  storage.clear()
  handlers.clear()
  listener = null
  wxAgreed = false
  hasPrivacyApi = true
  contractFails = false
  jest.isolateModules(() => {
    privacy = require('../../src/services/privacy')
  })
})
afterAll(() => {
  process.env.TARO_ENV = saved
})

describe('privacy agreement in WeChat', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
    privacy.listenForPrivacyAsks()
  })

  it('shows the popup on onNeedPrivacyAuthorization, reports its exposure, and agrees with the agree button id', async () => {
    const p = popup()
    const result = privacy.requirePrivacy()
    expect(p.seen).toEqual(['ask:requirePrivacyAuthorize'])
    privacy.privacyPopupShown()
    privacy.agreePrivacy()
    await expect(result).resolves.toBe(true)
    expect(calls).toEqual([
      ['onNeedPrivacyAuthorization'],
      ['requirePrivacyAuthorize'],
      ['resolve', { event: 'exposureAuthorization' }],
      ['resolve', { buttonId: 'privacy-agree', event: 'agree' }],
    ])
    expect(privacy.AGREE_BUTTON_ID).toBe('privacy-agree')
    expect(p.seen).toEqual(['ask:requirePrivacyAuthorize', 'settled'])
    // WeChat remembers it: the next check passes without asking.
    calls.length = 0
    await expect(privacy.requirePrivacy()).resolves.toBe(true)
    expect(calls).toEqual([['requirePrivacyAuthorize']])
    p.stop()
  })

  it('a refusal resolves disagree (no button id), the pending call fails, and it can be asked again', async () => {
    const p = popup()
    const first = privacy.requirePrivacy()
    privacy.refusePrivacy()
    await expect(first).resolves.toBe(false)
    expect(calls.filter(([n]) => n === 'resolve')).toEqual([['resolve', { event: 'disagree' }]])
    const again = privacy.requirePrivacy()
    expect(p.seen).toEqual(['ask:requirePrivacyAuthorize', 'settled', 'ask:requirePrivacyAuthorize'])
    privacy.agreePrivacy()
    await expect(again).resolves.toBe(true)
    p.stop()
  })

  it('every call pending at the same time gets the one answer', async () => {
    const p = popup()
    const a = privacy.requirePrivacy()
    const b = privacy.requirePrivacy()
    privacy.agreePrivacy()
    await expect(Promise.all([a, b])).resolves.toEqual([true, true])
    expect(calls.filter(([n]) => n === 'resolve')).toHaveLength(2)
    p.stop()
  })

  it('with no popup on the page, the call fails at once with a hint instead of hanging', async () => {
    const p = popup()
    p.stop()
    await expect(privacy.requirePrivacy()).resolves.toBe(false)
    expect(calls).toContainEqual(['resolve', { event: 'disagree' }])
    expect(calls).toContainEqual(['showToast', '请先在登录页阅读并同意用户隐私保护指引'])
  })

  it('a popup mounted while an ask is pending shows it', async () => {
    const first = popup()
    const result = privacy.requirePrivacy()
    const second = popup()
    expect(second.seen).toEqual(['ask:requirePrivacyAuthorize'])
    privacy.agreePrivacy()
    await expect(result).resolves.toBe(true)
    expect([first.seen.at(-1), second.seen.at(-1)]).toEqual(['settled', 'settled'])
    first.stop()
    second.stop()
  })

  it('opens the guide declared in the admin with openPrivacyContract, and says so when it cannot', () => {
    expect(privacy.openPrivacyGuide()).toBe('opened')
    contractFails = true
    privacy.openPrivacyGuide()
    expect(calls).toEqual([['onNeedPrivacyAuthorization'], ['openPrivacyContract'], ['openPrivacyContract'], ['showToast', '暂时无法打开隐私保护指引，请稍后重试']])
  })

  it('a base library without the privacy APIs (< 2.32.3) has no check: nothing is asked', async () => {
    hasPrivacyApi = false
    await expect(privacy.requirePrivacy()).resolves.toBe(true)
    expect(privacy.openPrivacyGuide()).toBe('inline')
    expect(calls).toEqual([['onNeedPrivacyAuthorization']])
  })
})

describe('privacy agreement in H5 (the app asks itself, remembered per demo WeChat user)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5'
    storage.set('demo.user', { openid: 'o-chen', nickname: '陈家长', suggested: null })
  })

  it('asks once, remembers an agreement for this user only, and never calls the WeChat APIs', async () => {
    privacy.listenForPrivacyAsks()
    const p = popup()
    const first = privacy.requirePrivacy()
    expect(p.seen).toEqual(['ask:requirePrivacyAuthorize'])
    privacy.privacyPopupShown()
    privacy.agreePrivacy()
    await expect(first).resolves.toBe(true)
    await expect(privacy.requirePrivacy()).resolves.toBe(true)
    expect(p.seen).toHaveLength(2)

    // Another WeChat account on the same phone is asked for itself.
    storage.set('demo.user', { openid: 'o-li', nickname: '李家长', suggested: null })
    const other = privacy.requirePrivacy()
    await flush()
    expect(p.seen.at(-1)).toBe('ask:requirePrivacyAuthorize')
    privacy.refusePrivacy()
    await expect(other).resolves.toBe(false)
    expect(calls).toEqual([])
    expect(privacy.openPrivacyGuide()).toBe('inline')
    p.stop()
  })

  it('a refusal stores nothing: the next visit asks again', async () => {
    const p = popup()
    const first = privacy.requirePrivacy()
    privacy.refusePrivacy()
    await expect(first).resolves.toBe(false)
    expect([...storage.keys()]).toEqual(['demo.user'])
    const again = privacy.requirePrivacy()
    expect(p.seen.filter((s) => s.startsWith('ask'))).toHaveLength(2)
    privacy.agreePrivacy()
    await expect(again).resolves.toBe(true)
    p.stop()
  })
})

describe('the guide the popup shows is the one docs/DEPLOY.md tells the admin to declare', () => {
  it('DEPLOY.md names every collected item and its purpose', () => {
    const { PRIVACY_ITEMS } = require('../../src/services/privacyGuide') as typeof import('../../src/services/privacyGuide')
    const deploy = readFileSync(path.join(__dirname, '../../docs/DEPLOY.md'), 'utf8')
    const start = deploy.indexOf('用户隐私保护指引')
    expect(start).toBeGreaterThan(-1)
    const section = deploy.slice(start)
    const missing = PRIVACY_ITEMS.filter((i) => !section.includes(i.info) || !section.includes(i.purpose)).map((i) => i.info)
    expect(missing).toEqual([])
  })
})
