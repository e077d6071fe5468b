import { readFileSync } from 'node:fs'
import path from 'node:path'
import { inspect } from 'node:util'
import vm from 'node:vm'

/**
 * An experiment: the REAL weapp bundle (the `npm run build:weapp:local` output) run
 * headless in Node. Its JavaScript (runtime.js, taro.js, vendors.js, common.js, app.js, each page's
 * js and its sub-package chunks) is loaded in a `node:vm` context, in the order WeChat does, with
 * fakes of only what the mini-program PLATFORM provides: `wx` (wx.request is real HTTP to the local
 * cloud), App/Page/Component/getApp/getCurrentPages, a page stack, and `setData` applied to a plain
 * data tree, which is what Taro's templates (base.wxml) would render.
 *
 * What it does NOT emulate: WXML rendering and layout (no CSS, so a node hidden by a class still
 * counts as on screen), native components (input, button beyond the open-types below, picker…),
 * WeChat's own dialogs beyond recording and answering them, real touch events. Event bubbling is
 * WXML's static one: the bundle's own base.wxml says which template binds which event to `eh`, and
 * a tap calls `eh` on the tapped element and then on every ancestor whose template binds `tap`,
 * stopping at a `catchtap`.
 */

/** One node of Taro's page data (runtime/dist/hydrate.js): `nn` name or alias, `cn` children, `v` text. */
export interface MpNode {
  nn: string
  sid: string
  uid?: string
  v?: string
  cn?: MpNode[]
  cl?: string
  st?: string
  [prop: string]: unknown
}

/** What a template of base.wxml renders: the native tag, its attribute → data key, the events bound to `eh`. */
export interface TemplateInfo {
  tag: string
  attrs: Record<string, string>
  bind: Set<string>
  catch: Set<string>
}

/** Reads base.wxml's level-0 templates (`tmpl_0_<alias>`): alias → tag, props, bound events. */
export function readTemplates(baseWxml: string): Map<string, TemplateInfo> {
  const out = new Map<string, TemplateInfo>()
  const re = /<template name="tmpl_0_(\w+)">\s*<([a-z-]+)([^>]*)>/g
  for (let m = re.exec(baseWxml); m; m = re.exec(baseWxml)) {
    const [, alias, tag, rest] = m
    const info: TemplateInfo = { tag, attrs: {}, bind: new Set(), catch: new Set() }
    for (const a of rest.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      const [, name, value] = a
      const ev = /^(bind|catch)(\w+)$/.exec(name)
      if (ev && value === 'eh') info[ev[1] as 'bind' | 'catch'].add(ev[2])
      const key = /\bi\.(\w+)/.exec(value)
      if (key) info.attrs[name] = key[1]
    }
    // An input's `tmpl_0_33` only picks `tmpl_0_33_focus` or `_blur` (the same <input>): keep the real tag.
    const base = alias.replace(/_(focus|blur)$/, '')
    if (!out.has(base) || out.get(base)!.tag === 'template') out.set(base, info)
  }
  return out
}

export interface ModalAsk {
  kind: 'modal' | 'actionSheet' | 'toast' | 'loading' | 'subscribe'
  options: Record<string, unknown>
}

/** A native dialog on screen: what it says and its buttons, each with the answer WeChat would give. */
export interface OpenDialog {
  ask: ModalAsk
  texts: string[]
  buttons: Array<{ label: string; tap(): void }>
}

function dialogOf(ask: ModalAsk, answer: (r: Record<string, unknown>) => void): OpenDialog {
  const o = ask.options as Record<string, any>
  const button = (label: string, r: Record<string, unknown>) => ({ label, tap: () => answer(r) })
  if (ask.kind === 'modal') {
    return {
      ask,
      texts: [o.title, o.content].filter((t): t is string => typeof t === 'string' && t !== ''),
      buttons: [
        ...(o.showCancel === false ? [] : [button(String(o.cancelText ?? '取消'), { confirm: false, cancel: true })]),
        button(String(o.confirmText ?? '确定'), { confirm: true, cancel: false }),
      ],
    }
  }
  if (ask.kind === 'actionSheet') {
    return {
      ask,
      texts: typeof o.alertText === 'string' ? [o.alertText] : [],
      buttons: [...((o.itemList as string[]) ?? []).map((t, i) => button(t, { tapIndex: i })), button('取消', { errMsg: 'showActionSheet:fail cancel' })],
    }
  }
  const ids = (o.tmplIds as string[]) ?? []
  return {
    ask,
    texts: ['订阅消息'],
    buttons: [button('允许', Object.fromEntries(ids.map((id) => [id, 'accept']))), button('取消', Object.fromEntries(ids.map((id) => [id, 'reject'])))],
  }
}

type Answer = (ask: ModalAsk) => Record<string, unknown> | 'leave'

export interface PageInstance {
  route: string
  __route__: string
  options: Record<string, string>
  data: { root?: MpNode; [k: string]: unknown }
  setData(patch: Record<string, unknown>, cb?: () => void): void
  [k: string]: unknown
}

interface AppJson {
  pages: string[]
  subPackages?: Array<{ root: string; pages: string[] }>
}

/** Path tokens of a setData key: `root.cn.[0].cn.[1].v`, `root.cn[0]` → ['root','cn',0,'cn',1,'v']. */
export function pathTokens(key: string): Array<string | number> {
  const out: Array<string | number> = []
  for (const m of key.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2])
  return out
}

export function applyPatch(target: Record<string, unknown>, key: string, value: unknown): void {
  const toks = pathTokens(key)
  let cur: any = target
  for (let i = 0; i < toks.length - 1; i++) {
    const t = toks[i]
    if (cur[t] === undefined || cur[t] === null || typeof cur[t] !== 'object') cur[t] = typeof toks[i + 1] === 'number' ? [] : {}
    cur = cur[t]
  }
  cur[toks[toks.length - 1]] = value
}

function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [p, q = ''] = url.split('?')
  const query: Record<string, string> = {}
  for (const part of q.split('&')) {
    if (!part) continue
    const i = part.indexOf('=')
    const k = i < 0 ? part : part.slice(0, i)
    query[k] = i < 0 ? '' : part.slice(i + 1) // WeChat hands page options undecoded
  }
  return { route: p.replace(/^\/+/, ''), query }
}

export interface WeappVmOptions {
  /** The built mini-program folder (app.js, app.json, base.wxml, pages…). */
  dir: string
  /** Logs of the bundle's console (default: kept, see `logs`). */
  echoConsole?: boolean
  /** The phone's storage from before (the app killed and opened again keeps wx storage). */
  storage?: Map<string, string>
  /**
   * Told of every setData a page makes, before it is applied: what crosses from the logic layer to
   * the view in WeChat (the setData bench and the workbench's size test count it).
   */
  onSetData?: (page: PageInstance, patch: Record<string, unknown>) => void
}

/** A request as the bundle made it (for what must, or must never, be sent again). */
export interface SentRequest {
  url: string
  body: unknown
  at: number
}

/**
 * One phone running the mini-program: a fresh JS context, empty storage, privacy not yet agreed.
 * `launch()` runs app.js and opens the home page.
 */
export class WeappVm {
  readonly dir: string
  readonly templates: Map<string, TemplateInfo>
  readonly storage: Map<string, string>
  /** Every wx.request the bundle made, answered or not. */
  readonly requests: SentRequest[] = []
  /** The phone's network: offline, wx.request fails at once (as WeChat's `request:fail`). */
  online = true
  private networkListeners: Array<(r: unknown) => void> = []
  readonly stack: PageInstance[] = []
  readonly asked: ModalAsk[] = []
  readonly logs: string[] = []
  readonly errors: unknown[] = []
  privacyAgreed = false
  private answerers: Answer[] = []
  private readonly pending = new Set<Promise<unknown>>()
  private readonly context: vm.Context
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly pageOptions = new Map<string, Record<string, unknown>>()
  private loadingRoute: string | null = null
  private appOptions: Record<string, unknown> | null = null
  private privacyListener: ((resolve: (o: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void) | null = null
  private privacyWaiting: Array<{ success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void; api: string }> = []
  private readonly tappedAgreeButtons = new Set<string>()
  private readonly appJson: AppJson
  private readonly routes: Set<string>
  private readonly timers = new Set<NodeJS.Timeout>()
  private closed = false
  readonly wx: Record<string, any>
  private readonly ctxJSON: JSON
  private readonly onSetData?: WeappVmOptions['onSetData']

  constructor(opts: WeappVmOptions) {
    this.dir = opts.dir
    this.storage = opts.storage ?? new Map<string, string>()
    this.onSetData = opts.onSetData
    this.templates = readTemplates(readFileSync(path.join(opts.dir, 'base.wxml'), 'utf8'))
    this.appJson = JSON.parse(readFileSync(path.join(opts.dir, 'app.json'), 'utf8'))
    this.routes = new Set([...this.appJson.pages, ...(this.appJson.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))])
    const echo = opts.echoConsole ?? false
    const log =
      (level: string) =>
      (...a: unknown[]) => {
        const line = `${level}: ${a.map((x) => (typeof x === 'string' ? x : inspect(x, { depth: 4 }))).join(' ')}`
        this.logs.push(line)
        if (echo) process.stderr.write(line + '\n')
        // React reports an exception of its commit (a host-config crash) by logging the error, not
        // throwing it to the caller: an Error logged by the bundle is a failure, like an uncaught one.
        if (level === 'error') for (const x of a) if (Object.prototype.toString.call(x) === '[object Error]') this.errors.push(x)
      }
    const timers = {
      setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...a: unknown[]) => {
        const t = setTimeout(() => {
          this.timers.delete(t)
          if (!this.closed) this.guard(() => fn(...a))
        }, ms)
        this.timers.add(t)
        return t
      },
      clearTimeout: (t: NodeJS.Timeout) => {
        this.timers.delete(t)
        clearTimeout(t)
      },
      setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...a: unknown[]) => {
        const t = setInterval(() => !this.closed && this.guard(() => fn(...a)), ms)
        this.timers.add(t)
        return t
      },
      clearInterval: (t: NodeJS.Timeout) => {
        this.timers.delete(t)
        clearInterval(t)
      },
    }
    this.wx = this.makeWx()
    const sandbox: Record<string, unknown> = {
      console: { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
      ...timers,
      wx: this.wx,
      App: (o: Record<string, unknown>) => {
        this.appOptions = o
      },
      Page: (o: Record<string, unknown>) => {
        if (!this.loadingRoute) throw new Error('Page() called outside a page script')
        this.pageOptions.set(this.loadingRoute, o)
      },
      Component: (o: Record<string, unknown>) => {
        // comp.js (Taro's recursive template component) and custom-wrapper: kept, not instantiated.
        this.components.push(o)
      },
      Behavior: (o: unknown) => o,
      getApp: () => this.appOptions,
      getCurrentPages: () => [...this.stack],
      requirePlugin: (name: string) => {
        throw new Error(`requirePlugin(${name}): no plugins in this harness`)
      },
    }
    this.context = vm.createContext(sandbox)
    this.ctxJSON = vm.runInContext('JSON', this.context)
  }

  readonly components: Array<Record<string, unknown>> = []

  /** Values handed to the bundle are made inside its realm (instanceof Object/Array hold there). */
  inRealm<T>(v: T): T {
    return v === undefined ? v : this.ctxJSON.parse(JSON.stringify(v))
  }

  private guard(fn: () => void): void {
    try {
      fn()
    } catch (e) {
      this.errors.push(e)
      this.logs.push(`uncaught: ${e instanceof Error ? e.stack : String(e)}`)
    }
  }

  /** `require` as the bundle uses it: relative to the requiring file, `.js` optional, cached. */
  private requireFrom(fromDir: string) {
    return (spec: string) => this.load(path.resolve(fromDir, spec.endsWith('.js') ? spec : `${spec}.js`))
  }

  private load(abs: string): unknown {
    const hit = this.modules.get(abs)
    if (hit) return hit.exports
    const mod = { exports: {} as unknown }
    this.modules.set(abs, mod)
    const src = readFileSync(abs, 'utf8')
    const fn = new vm.Script(`(function (require, module, exports) {${src}\n})`, { filename: abs }).runInContext(this.context)
    fn(this.requireFrom(path.dirname(abs)), mod, mod.exports)
    return mod.exports
  }

  /** The network goes off or comes back: WeChat calls every wx.onNetworkStatusChange listener. */
  setNetwork(online: boolean): void {
    this.online = online
    const r = this.inRealm({ isConnected: online, networkType: online ? 'wifi' : 'none' })
    for (const l of [...this.networkListeners]) this.later(() => l(r))
  }

  /** The app goes to the background and comes back (App onHide/onShow, then the page's). */
  showAgain(): void {
    const opts = this.inRealm({ path: this.current?.route ?? this.appJson.pages[0], query: {}, scene: 1001, referrerInfo: {} })
    if (this.current) this.callHook(this.current, 'onHide')
    if (this.appOptions) this.callHook(this.appOptions, 'onHide')
    if (this.appOptions) this.callHook(this.appOptions, 'onShow', opts)
    if (this.current) this.callHook(this.current, 'onShow')
  }

  /** Runs app.js (which requires runtime, taro, vendors, common), App's onLaunch/onShow, then the home page. */
  async launch(url = `/${this.appJson.pages[0]}`): Promise<void> {
    this.load(path.join(this.dir, 'app.js'))
    if (!this.appOptions) throw new Error('app.js did not call App()')
    const { route, query } = parseUrl(url)
    const launch = this.inRealm({ path: route, query, scene: 1001, referrerInfo: {} })
    this.callHook(this.appOptions, 'onLaunch', launch)
    this.callHook(this.appOptions, 'onShow', launch)
    await this.openPage(route, query, 'reLaunch')
  }

  private callHook(target: Record<string, unknown>, name: string, ...args: unknown[]): void {
    const f = target[name]
    if (typeof f === 'function') this.guard(() => f.apply(target, args))
  }

  get current(): PageInstance | undefined {
    return this.stack[this.stack.length - 1]
  }

  private instantiate(route: string, query: Record<string, string>): PageInstance {
    if (!this.pageOptions.has(route)) {
      this.loadingRoute = route
      try {
        this.load(path.join(this.dir, `${route}.js`))
      } finally {
        this.loadingRoute = null
      }
    }
    const options = this.pageOptions.get(route)
    if (!options) throw new Error(`${route}.js did not call Page()`)
    const inst: PageInstance = Object.create(null)
    for (const [k, v] of Object.entries(options)) if (k !== 'data') (inst as Record<string, unknown>)[k] = v
    const vmRef = this
    Object.assign(inst, {
      route,
      __route__: route,
      options: this.inRealm(query),
      data: this.inRealm(options.data ?? {}),
      __wxWebviewId__: this.stack.length + 1,
      __wxExparserNodeId__: `page-${route}`,
      setData(patch: Record<string, unknown>, cb?: () => void) {
        vmRef.onSetData?.(inst, patch)
        for (const [k, v] of Object.entries(patch)) applyPatch(inst.data, k, v)
        if (cb) vmRef.later(cb)
      },
      selectComponent: () => null,
      selectAllComponents: () => [],
      createSelectorQuery: () => vmRef.wx.createSelectorQuery(),
      getOpenerEventChannel: () => ({ emit() {}, on() {}, once() {}, off() {} }),
    })
    return inst
  }

  /** Runs `fn` on a later turn, as the bundle's own timers run (guarded, stopped by close()). */
  later(fn: () => void, ms = 0): void {
    ;(this.context.setTimeout as (f: () => void, ms: number) => unknown)(fn, ms)
  }

  private async openPage(route: string, query: Record<string, string>, how: 'navigateTo' | 'redirectTo' | 'reLaunch'): Promise<void> {
    const top = this.current
    if (how === 'reLaunch') {
      while (this.stack.length) this.callHook(this.stack.pop()!, 'onUnload')
    } else if (how === 'redirectTo' && top) {
      this.stack.pop()
      this.callHook(top, 'onUnload')
    } else if (top) {
      this.callHook(top, 'onHide')
    }
    const inst = this.instantiate(route, query)
    this.stack.push(inst)
    this.callHook(inst, 'onLoad', inst.options)
    this.callHook(inst, 'onShow')
    // onReady after the first render (setData's own callback in WeChat); here the next turn.
    await new Promise<void>((r) =>
      this.later(() => {
        if (this.stack.includes(inst)) this.callHook(inst, 'onReady')
        r()
      }),
    )
  }

  private navigate(how: 'navigateTo' | 'redirectTo' | 'reLaunch', o: Record<string, any>): void {
    const { route, query } = parseUrl(String(o.url ?? ''))
    const cur = this.current?.route ?? ''
    // Relative urls resolve against the current page, as WeChat does.
    const abs = o.url?.startsWith('/') ? route : path.posix.normalize(path.posix.join(path.posix.dirname(cur), route))
    if (!this.routes.has(abs)) return this.callback(o, `${how}:fail page "${abs}" is not found`, false)
    if (how === 'navigateTo' && this.stack.length >= 10) return this.callback(o, `${how}:fail webview count limit exceed`, false)
    this.track(
      (async () => {
        await this.openPage(abs, query, how)
        this.callback(o, `${how}:ok`, true)
      })(),
    )
  }

  private callback(o: Record<string, any> | undefined, errMsg: string, ok: boolean, extra: Record<string, unknown> = {}): void {
    const res = this.inRealm({ errMsg, ...extra })
    this.later(() => {
      if (ok) o?.success?.(res)
      else o?.fail?.(res)
      o?.complete?.(res)
    })
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p)
    p.catch((e) => this.errors.push(e)).finally(() => this.pending.delete(p))
  }

  /** Asks are answered, in order, by the answerers queued here (a dialog nobody answers stays open). */
  answerNext(a: Answer): void {
    this.answerers.push(a)
  }

  clearAnswerers(): void {
    this.answerers = []
  }

  private ask(kind: ModalAsk['kind'], o: Record<string, any>): void {
    const ask: ModalAsk = { kind, options: o }
    this.asked.push(ask)
    if (kind === 'toast' || kind === 'loading') return this.callback(o, `${kind === 'toast' ? 'showToast' : 'showLoading'}:ok`, true)
    const answerer = this.answerers[0]
    const result = answerer ? answerer(ask) : 'leave'
    if (result === 'leave') {
      // On screen until the user taps one of its buttons (as a real dialog waits).
      this.dialogs.push(dialogOf(ask, (r) => this.answer(ask, r)))
      return
    }
    this.answerers.shift()
    this.answer(ask, result)
  }

  private answer(ask: ModalAsk, result: Record<string, unknown>): void {
    const i = this.dialogs.findIndex((d) => d.ask === ask)
    if (i >= 0) this.dialogs.splice(i, 1)
    const api = ask.kind === 'modal' ? 'showModal' : ask.kind === 'actionSheet' ? 'showActionSheet' : 'requestSubscribeMessage'
    if (typeof result.errMsg === 'string' && /:fail/.test(result.errMsg)) return this.callback(ask.options, result.errMsg, false)
    this.callback(ask.options, `${api}:ok`, true, result)
  }

  /** Native dialogs (wx.showModal, wx.showActionSheet, the subscribe-message ask) open now, oldest first. */
  readonly dialogs: OpenDialog[] = []

  /** WeChat's native part of a tap on a <button open-type>: what it does before the bound event. */
  nativeButtonTap(node: MpNode): string | null {
    const tpl = this.templates.get(String(node.nn))
    if (tpl?.tag !== 'button') return null
    const key = tpl.attrs['open-type']
    const openType = key ? node[key] : undefined
    if (openType === 'agreePrivacyAuthorization') {
      this.tappedAgreeButtons.add(node.uid ?? node.sid)
      this.privacyAgreed = true
      return 'agreeprivacyauthorization'
    }
    if (openType) throw new Error(`weapp-vm: <button open-type="${String(openType)}"> is native and not emulated`)
    return null
  }

  private settlePrivacy(ok: boolean): void {
    const waiting = this.privacyWaiting
    this.privacyWaiting = []
    for (const w of waiting) this.callback(w, ok ? `${w.api}:ok` : `${w.api}:fail privacy permission is not authorized`, ok)
  }

  private makeWx(): Record<string, any> {
    const self = this
    const sys = {
      brand: 'devtools',
      model: 'iPhone 12/13 (Pro)',
      pixelRatio: 3,
      screenWidth: 375,
      screenHeight: 812,
      windowWidth: 375,
      windowHeight: 724,
      statusBarHeight: 44,
      language: 'zh_CN',
      version: '8.0.50',
      system: 'iOS 16.0',
      platform: 'devtools',
      SDKVersion: '3.5.0',
      theme: 'light',
      fontSizeSetting: 16,
      safeArea: { top: 44, left: 0, right: 375, bottom: 778, width: 375, height: 734 },
    }
    const ok = (api: string) => (o: Record<string, any> = {}) => self.callback(o, `${api}:ok`, true)
    const query = () => {
      const q: any = {
        in: () => q,
        select: () => node,
        selectAll: () => node,
        selectViewport: () => node,
        exec: (cb?: (r: unknown[]) => void) => self.later(() => cb?.(self.inRealm([]))),
      }
      const node: any = { boundingClientRect: () => q, scrollOffset: () => q, fields: () => q, node: () => q, context: () => q }
      return q
    }
    return {
      env: { USER_DATA_PATH: 'wxfile://usr' },
      request(o: Record<string, any>) {
        const controller = new AbortController()
        self.track(self.request(o, controller.signal))
        return { abort: () => controller.abort(), onHeadersReceived() {}, offHeadersReceived() {}, onChunkReceived() {}, offChunkReceived() {} }
      },
      setStorage: (o: Record<string, any>) => {
        self.storage.set(String(o.key), JSON.stringify(o.data === undefined ? null : o.data))
        self.callback(o, 'setStorage:ok', true)
      },
      getStorage: (o: Record<string, any>) =>
        self.storage.has(String(o.key))
          ? self.callback(o, 'getStorage:ok', true, { data: JSON.parse(self.storage.get(String(o.key))!) })
          : self.callback(o, 'getStorage:fail data not found', false),
      removeStorage: (o: Record<string, any>) => {
        self.storage.delete(String(o.key))
        self.callback(o, 'removeStorage:ok', true)
      },
      getStorageSync: (k: string) => (self.storage.has(k) ? self.ctxJSON.parse(self.storage.get(k)!) : ''),
      setStorageSync: (k: string, v: unknown) => void self.storage.set(k, JSON.stringify(v === undefined ? null : v)),
      removeStorageSync: (k: string) => void self.storage.delete(k),
      clearStorageSync: () => self.storage.clear(),
      getStorageInfoSync: () => self.inRealm({ keys: [...self.storage.keys()], currentSize: 0, limitSize: 10240 }),
      getSystemInfoSync: () => self.inRealm(sys),
      getSystemInfo: (o: Record<string, any>) => self.callback(o, 'getSystemInfo:ok', true, sys),
      getWindowInfo: () => self.inRealm(sys),
      getAppBaseInfo: () => self.inRealm(sys),
      getDeviceInfo: () => self.inRealm(sys),
      getSystemSetting: () => self.inRealm({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' }),
      getAccountInfoSync: () => self.inRealm({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
      getLaunchOptionsSync: () => self.inRealm({ path: self.appJson.pages[0], query: {}, scene: 1001, referrerInfo: {} }),
      getEnterOptionsSync: () => self.inRealm({ path: self.appJson.pages[0], query: {}, scene: 1001, referrerInfo: {} }),
      getMenuButtonBoundingClientRect: () => self.inRealm({ width: 87, height: 32, top: 48, right: 368, bottom: 80, left: 281 }),
      canIUse: () => true,
      nextTick: (fn: () => void) => self.later(fn),
      createSelectorQuery: query,
      navigateTo: (o: Record<string, any>) => self.navigate('navigateTo', o),
      redirectTo: (o: Record<string, any>) => self.navigate('redirectTo', o),
      reLaunch: (o: Record<string, any>) => self.navigate('reLaunch', o),
      switchTab: (o: Record<string, any>) => self.navigate('reLaunch', o),
      navigateBack(o: Record<string, any> = {}) {
        const delta = Math.max(1, Number(o.delta ?? 1))
        if (self.stack.length <= 1) return self.callback(o, 'navigateBack:fail cannot navigate back at first page.', false)
        for (let i = 0; i < delta && self.stack.length > 1; i++) self.callHook(self.stack.pop()!, 'onUnload')
        self.callHook(self.current!, 'onShow')
        self.callback(o, 'navigateBack:ok', true)
      },
      showModal: (o: Record<string, any>) => self.ask('modal', o),
      showActionSheet: (o: Record<string, any>) => self.ask('actionSheet', o),
      showToast: (o: Record<string, any>) => self.ask('toast', o),
      showLoading: (o: Record<string, any>) => self.ask('loading', o),
      hideToast: ok('hideToast'),
      hideLoading: ok('hideLoading'),
      requestSubscribeMessage: (o: Record<string, any>) => self.ask('subscribe', o),
      setNavigationBarTitle: ok('setNavigationBarTitle'),
      pageScrollTo: ok('pageScrollTo'),
      setClipboardData: ok('setClipboardData'),
      hideKeyboard: ok('hideKeyboard'),
      stopPullDownRefresh: ok('stopPullDownRefresh'),
      onAppShow() {},
      offAppShow() {},
      onAppHide() {},
      offAppHide() {},
      onError() {},
      onUnhandledRejection() {},
      onPageNotFound() {},
      onMemoryWarning() {},
      getPrivacySetting: (o: Record<string, any>) => self.callback(o, 'getPrivacySetting:ok', true, { needAuthorization: !self.privacyAgreed, privacyContractName: '《用户隐私保护指引》' }),
      onNeedPrivacyAuthorization(listener: WeappVm['privacyListener']) {
        self.privacyListener = listener
      },
      requirePrivacyAuthorize(o: Record<string, any> = {}) {
        if (self.privacyAgreed) return self.callback(o, 'requirePrivacyAuthorize:ok', true)
        self.privacyWaiting.push({ ...o, api: 'requirePrivacyAuthorize' })
        if (!self.privacyListener) throw new Error('weapp-vm: a privacy ask with no onNeedPrivacyAuthorization listener (WeChat would show its own popup)')
        // WeChat's resolve: agree needs the id of an agree button the user tapped.
        const resolve = (r: { event: string; buttonId?: string }) => {
          if (r.event === 'exposureAuthorization') return
          if (r.event === 'agree') {
            if (!r.buttonId || !self.tappedAgreeButtons.has(r.buttonId)) {
              self.errors.push(new Error(`privacy resolve({event:'agree'}) with buttonId ${r.buttonId} that was not tapped`))
              return self.settlePrivacy(false)
            }
            self.privacyAgreed = true
            return self.settlePrivacy(true)
          }
          self.settlePrivacy(false)
        }
        self.privacyListener(resolve, self.inRealm({ referrer: 'requirePrivacyAuthorize' }))
      },
      openPrivacyContract: ok('openPrivacyContract'),
      getRealtimeLogManager: () => ({ info() {}, warn() {}, error() {}, setFilterMsg() {}, addFilterMsg() {} }),
      getLogManager: () => ({ log() {}, info() {}, warn() {}, debug() {} }),
      reportAnalytics() {},
      getUpdateManager: () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }),
      getNetworkType: (o: Record<string, any>) => self.callback(o, 'getNetworkType:ok', true, { networkType: self.online ? 'wifi' : 'none' }),
      onNetworkStatusChange(l: (r: unknown) => void) {
        self.networkListeners.push(l)
      },
      offNetworkStatusChange(l?: (r: unknown) => void) {
        self.networkListeners = l ? self.networkListeners.filter((x) => x !== l) : []
      },
      vibrateShort: ok('vibrateShort'),
    }
  }

  private async request(o: Record<string, any>, signal: AbortSignal): Promise<void> {
    let body0: unknown = o.data
    try {
      body0 = typeof o.data === 'string' ? JSON.parse(o.data) : JSON.parse(JSON.stringify(o.data ?? null))
    } catch {
      // kept as given
    }
    this.requests.push({ url: String(o.url), body: body0, at: Date.now() })
    // Offline: WeChat fails the request at once.
    if (!this.online) return this.callback(o, 'request:fail -101:net::ERR_INTERNET_DISCONNECTED', false)
    // `timeout` (ms): WeChat aborts the request and fails it with `request:fail timeout`.
    const limit = new AbortController()
    let timedOut = false
    const timer = typeof o.timeout === 'number' && o.timeout > 0 ? setTimeout(() => ((timedOut = true), limit.abort()), o.timeout) : undefined
    signal.addEventListener('abort', () => limit.abort())
    try {
      await this.fetchInto(o, limit.signal)
    } catch (e) {
      this.callback(o, timedOut ? 'request:fail timeout' : `request:fail ${e instanceof Error ? e.message : String(e)}`, false)
    } finally {
      clearTimeout(timer)
    }
  }

  private async fetchInto(o: Record<string, any>, signal: AbortSignal): Promise<void> {
    const method = String(o.method ?? 'GET').toUpperCase()
    const header: Record<string, string> = { ...(o.header ?? {}) }
    if (!Object.keys(header).some((k) => k.toLowerCase() === 'content-type')) header['content-type'] = 'application/json'
    let url = String(o.url)
    let body: string | undefined
    if (method === 'GET' && o.data && typeof o.data === 'object') {
      const qs = new URLSearchParams(Object.entries(o.data).map(([k, v]) => [k, String(v)])).toString()
      if (qs) url += (url.includes('?') ? '&' : '?') + qs
    } else if (o.data !== undefined && method !== 'GET') {
      body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data)
    }
    const res = await fetch(url, { method, headers: header, body, signal })
    const text = await res.text()
    let data: unknown = text
    if ((o.dataType ?? 'json') === 'json') {
      try {
        data = JSON.parse(text)
      } catch {
        data = text // WeChat keeps the raw string when it is not JSON
      }
    }
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => (headers[k] = v))
    this.callback(o, 'request:ok', true, { statusCode: res.status, data, header: headers, cookies: [] })
  }

  /** Waits until no request or navigation is in flight and timers of 0 ms have run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 5))
      if (this.pending.size === 0) break
      await Promise.race([...this.pending])
    }
  }

  close(): void {
    this.closed = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }
}



// ---- The rendered tree ----

export interface Found {
  node: MpNode
  /** From the page root down to the node (for bubbling). */
  ancestors: MpNode[]
  ownText: string
  tag: string
}

/** Every element of the page's tree, in document order, with its own text (its text children's). */
export function elements(root: MpNode | undefined, templates: Map<string, TemplateInfo>): Found[] {
  const out: Found[] = []
  const walk = (n: MpNode, anc: MpNode[]) => {
    if (n.v !== undefined && !n.cn) return
    const kids = n.cn ?? []
    const ownText = kids
      .filter((k) => k.v !== undefined && !k.cn)
      .map((k) => k.v)
      .join('')
    out.push({ node: n, ancestors: anc, ownText, tag: templates.get(String(n.nn))?.tag ?? String(n.nn) })
    for (const k of kids) if (k && typeof k === 'object') walk(k, [...anc, n])
  }
  for (const k of root?.cn ?? []) walk(k, [])
  return out
}

/** The value of a node's prop by its WXML attribute name (e.g. 'open-type', 'value'), through the template. */
export function propOf(node: MpNode, attr: string, templates: Map<string, TemplateInfo>): unknown {
  const key = templates.get(String(node.nn))?.attrs[attr]
  return key ? node[key] : undefined
}
