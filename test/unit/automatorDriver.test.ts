/**
 * The miniprogram-automator driver's mapping, on fakes of the library's shapes (AutoApp,
 * AutoPage, AutoElement, which test/scenarios/automatorDriver.ts type-checks against the library's
 * own MiniProgram and Page). What WeChat DevTools answers to these calls needs DevTools: `npm run
 * test:weapp`. Here: which calls a step becomes, and what the driver does with their answers.
 */
import { automatorDriver, xpathLiteral, type AutoApp, type AutoElement, type AutoPage } from '../scenarios/automatorDriver'

type Node = { tag: string; text: string; id?: string; input?: boolean; onTap?: () => void }

class FakeElement implements AutoElement {
  taps = 0
  typed: string[] = []
  constructor(readonly node: Node) {}
  get tagName() {
    return this.node.tag
  }
  async tap() {
    this.taps++
    this.node.onTap?.()
  }
  async text() {
    return this.node.text
  }
  input?: (value: string) => Promise<void> = this.node.input ? async (v) => void this.typed.push(v) : undefined
}

class FakePage implements AutoPage {
  xpaths: string[] = []
  selectors: string[] = []
  els: FakeElement[]
  constructor(readonly path: string, nodes: Node[], private xpathOk = true) {
    this.els = nodes.map((n) => new FakeElement(n))
  }
  async $(selector: string) {
    this.selectors.push(selector)
    return this.els.find((e) => `#${e.node.id}` === selector) ?? null
  }
  async $$(selector: string) {
    this.selectors.push(selector)
    return this.els.filter((e) => e.node.tag === selector)
  }
  async getElementsByXpath(xp: string) {
    this.xpaths.push(xp)
    if (!this.xpathOk) throw new Error('xpath not supported')
    // The two forms the driver sends: any own text, or own text equal to a literal.
    const eq = /normalize-space\(\.\)="(.*)"\]\]$/.exec(xp)
    return this.els.filter((e) => e.node.text.trim() !== '' && (!eq || e.node.text.trim() === eq[1]))
  }
}

function fakeApp(first: FakePage) {
  const calls: Array<[string, ...unknown[]]> = []
  const mocks = new Map<string, { fn: (...a: unknown[]) => unknown; args: unknown[] }>()
  let current: FakePage | undefined = first
  const app: AutoApp & { calls: typeof calls; wx(method: string, options: unknown): unknown; show(p: FakePage): void } = {
    calls,
    show: (p) => void (current = p),
    // The app calling a wx method: the mock answers when there is one.
    wx(method, options) {
      const m = mocks.get(method)
      return m ? m.fn.call(null, options, ...m.args) : { errMsg: `${method}:native` }
    },
    async reLaunch(url) {
      calls.push(['reLaunch', url])
      return current
    },
    async currentPage() {
      return current
    },
    async callWxMethod(method, ...args) {
      calls.push(['callWxMethod', method, ...args])
    },
    async mockWxMethod(method, result, ...args) {
      calls.push(['mockWxMethod', method])
      mocks.set(method, { fn: typeof result === 'function' ? (result as (...a: unknown[]) => unknown) : () => result, args })
    },
    async restoreWxMethod(method) {
      calls.push(['restoreWxMethod', method])
      mocks.delete(method)
    },
    async screenshot(o) {
      calls.push(['screenshot', o?.path])
    },
    async evaluate(fn, ...args) {
      calls.push(['evaluate'])
      return (fn as (...a: unknown[]) => unknown)(...args)
    },
  }
  return app
}

const noWait = { sleep: async () => {}, timeoutMs: 0, pollMs: 0 }

it('a text becomes an XPath on the element’s own text, and the innermost match is tapped', async () => {
  const page = new FakePage('pages/index/index', [
    { tag: 'view', text: '我的数字空间 ›' },
    { tag: 'text', text: '请登录' },
    { tag: 'view', text: '健康申报' },
  ])
  const d = automatorDriver(fakeApp(page), noWait)
  await d.tap('请登录')
  expect(page.xpaths).toEqual(['//*[text()[normalize-space(.)="请登录"]]'])
  expect(page.els.map((e) => e.taps)).toEqual([0, 1, 0])
})

it('a parent whose text contains the match is passed over for the child', async () => {
  const page = new FakePage('p', [
    { tag: 'view', text: '阅读并同意遵循《用户服务协议》和《个人信息保护政策》' },
    { tag: 'text', text: '阅读并同意遵循' },
  ])
  const d = automatorDriver(fakeApp(page), noWait)
  await d.tap(/^阅读并同意遵循/)
  // A RegExp cannot go into XPath: every element with own text is read and tested.
  expect(page.xpaths).toEqual(['//*[text()[normalize-space(.)!=""]]'])
  expect(page.els.map((e) => e.taps)).toEqual([0, 1])
})

it('the n-th match, an element id, and the n-th text field', async () => {
  const page = new FakePage('health/form/index', [
    { tag: 'text', text: '是' },
    { tag: 'text', text: '否' },
    { tag: 'text', text: '否' },
    { tag: 'view', text: '申领', id: 'claim-birth_certificate' },
    { tag: 'input', text: '', input: true },
    { tag: 'input', text: '', input: true },
    { tag: 'textarea', text: '', input: true },
  ])
  const d = automatorDriver(fakeApp(page), noWait)
  await d.tap({ text: '否', nth: 1 })
  expect(page.els.slice(0, 3).map((e) => e.taps)).toEqual([0, 0, 1])
  await d.tap({ id: 'claim-birth_certificate' })
  expect(page.selectors).toContain('#claim-birth_certificate')
  expect(page.els[3].taps).toBe(1)
  await d.type(1, '惠州市惠城区')
  await d.type(2, '说明')
  expect(page.els.slice(4).map((e) => e.typed)).toEqual([[], ['惠州市惠城区'], ['说明']])
})

it('where DevTools does not answer XPath, it reads every text-bearing tag instead, and remembers', async () => {
  const page = new FakePage('p', [{ tag: 'button', text: '下一步' }], false)
  const d = automatorDriver(fakeApp(page), noWait)
  await d.tap('下一步')
  await d.see('下一步')
  expect(page.xpaths).toHaveLength(1)
  expect(page.selectors.filter((s) => s === 'button')).toHaveLength(2)
  expect(page.els[0].taps).toBe(1)
})

it('see polls until the text shows, and fails naming the target and the page', async () => {
  const page = new FakePage('consent/open/index', [])
  let polls = 0
  const d = automatorDriver(fakeApp(page), {
    timeoutMs: 60_000,
    sleep: async () => {
      if (++polls === 3) page.els.push(new FakeElement({ tag: 'text', text: '授权成功' }))
    },
  })
  await d.see('授权成功')
  expect(polls).toBe(3)
  const quick = automatorDriver(fakeApp(page), noWait)
  await expect(quick.see('授权失败')).rejects.toThrow('weapp: “授权失败” not on screen within 0 ms (page consent/open/index)')
  expect(await quick.shows('授权成功')).toBe(true)
  expect(await quick.firstOf(['同意', '授权成功'])).toBe(1)
})

it('a new phone clears storage and relaunches home; open relaunches the path', async () => {
  const app = fakeApp(new FakePage('pages/index/index', []))
  const d = automatorDriver(app, noWait)
  await d.newPhone()
  await d.open('consent/open/index?code=ABCD2345')
  expect(app.calls).toEqual([['callWxMethod', 'clearStorageSync'], ['reLaunch', '/pages/index/index'], ['reLaunch', '/consent/open/index?code=ABCD2345']])
})

it('dialogs: each wx.showModal the tap leads to is confirmed; the mock goes once all were asked', async () => {
  const page = new FakePage('health/workbench/index', [])
  const app = fakeApp(page)
  const answers: unknown[] = []
  page.els.push(new FakeElement({ tag: 'text', text: '提醒未申报', onTap: () => setTimeout(() => answers.push(app.wx('showModal', { title: '提醒' }), app.wx('showModal', { title: '已发送提醒' })), 5) }))
  const d = automatorDriver(app, { timeoutMs: 5_000, pollMs: 2 })
  await d.confirmNext(['发送', '知道了'], () => d.tap('提醒未申报'))
  expect(answers).toEqual([{ confirm: true, cancel: false, errMsg: 'showModal:ok' }, { confirm: true, cancel: false, errMsg: 'showModal:ok' }])
  const names = app.calls.map((c) => c[0] + (typeof c[1] === 'string' ? `:${c[1]}` : ''))
  expect([names[0], names[1], names.at(-1)]).toEqual(['evaluate', 'mockWxMethod:showModal', 'restoreWxMethod:showModal'])
  // After: the real dialog again.
  expect(app.wx('showModal', {})).toEqual({ errMsg: 'showModal:native' })
})

it('a dialog that never comes fails the step, and the mock is still taken away', async () => {
  const page = new FakePage('p', [{ tag: 'text', text: '注销授权' }])
  const app = fakeApp(page)
  const d = automatorDriver(app, noWait)
  await expect(d.confirmNext(['注销'], () => d.tap('注销授权'))).rejects.toThrow('wx.showModal asked 0 of 1 times')
  expect(app.calls.at(-1)).toEqual(['restoreWxMethod', 'showModal'])
})

it('action sheets: the item is picked by its label from the list the app shows', async () => {
  const page = new FakePage('health/form/index', [])
  const app = fakeApp(page)
  let answer: unknown
  page.els.push(new FakeElement({ tag: 'view', text: '提交当日数据', onTap: () => void (answer = app.wx('showActionSheet', { itemList: ['补提交昨日数据', '提交本日数据'] })) }))
  const d = automatorDriver(app, noWait)
  await d.chooseNext('提交本日数据', () => d.tap('提交当日数据'))
  expect(answer).toEqual({ tapIndex: 1, errMsg: 'showActionSheet:ok' })
})

it('XPath literals survive quotes; screenshots are named per platform', async () => {
  expect(xpathLiteral('请登录')).toBe('"请登录"')
  expect(xpathLiteral('他说"好"')).toBe(`'他说"好"'`)
  expect(xpathLiteral(`"a" and 'b'`)).toBe(`concat("", '"', "a", '"', " and 'b'")`)
  const app = fakeApp(new FakePage('p', []))
  await automatorDriver(app, { ...noWait, shotDir: '/tmp/scenario-shots' }).shot('login-home')
  expect(app.calls).toEqual([['screenshot', '/tmp/scenario-shots/weapp-login-home.png']])
})

it('gone waits until the element has left the screen, and fails while it stays', async () => {
  const page = new FakePage('space/index/index', [{ tag: 'view', text: '申领', id: 'claim-id_card' }])
  let polls = 0
  const d = automatorDriver(fakeApp(page), { timeoutMs: 60_000, sleep: async () => void (++polls === 2 && page.els.pop()) })
  await d.gone({ id: 'claim-id_card' })
  expect(polls).toBe(2)
  page.els.push(new FakeElement({ tag: 'view', text: '申领', id: 'claim-id_card' }))
  await expect(automatorDriver(fakeApp(page), noWait).gone({ id: 'claim-id_card' })).rejects.toThrow('weapp: #claim-id_card still on screen after 0 ms')
})
