import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { describeTarget, poll, targetParts, textMatches, type Driver, type Target } from './driver'

/**
 * The scenario driver for the weapp build in WeChat DevTools, on miniprogram-automator. It uses
 * only the calls named below; the type checks at the end make sure the library's own MiniProgram,
 * Page and Element have them with these signatures, and test/unit/automatorDriver.test.ts runs the
 * mapping on fakes of exactly these shapes. What DevTools itself answers was not run here (no
 * DevTools on Linux): see docs/NOT-RUN.md.
 */
export interface AutoElement {
  tagName: string
  tap(): Promise<void>
  text(): Promise<string>
  /** InputElement / TextareaElement only. */
  input?(value: string): Promise<void>
}

export interface AutoPage {
  path: string
  $(selector: string): Promise<AutoElement | null>
  $$(selector: string): Promise<AutoElement[]>
  getElementsByXpath(selector: string): Promise<AutoElement[]>
}

export interface AutoApp {
  reLaunch(url: string): Promise<AutoPage | undefined>
  currentPage(): Promise<AutoPage | undefined>
  callWxMethod(method: string, ...args: unknown[]): Promise<unknown>
  mockWxMethod(method: string, result: unknown, ...args: unknown[]): Promise<void>
  restoreWxMethod(method: string): Promise<void>
  screenshot(options?: { path?: string }): Promise<string | void>
  /** Runs a function inside the mini-program (AppService). */
  evaluate(fn: Function | string, ...args: unknown[]): Promise<unknown> // eslint-disable-line @typescript-eslint/ban-types
}

export interface AutomatorDriverOptions {
  /** How long `see` and a tap wait for their element. */
  timeoutMs?: number
  pollMs?: number
  shotDir?: string
  /** Waits between polls (injected by the unit test, so it runs without real time). */
  sleep?: (ms: number) => Promise<void>
}

const HOME = '/pages/index/index'
/** Elements that carry a text of their own in Taro's weapp templates (text nodes sit in these). */
const TEXT_TAGS = ['text', 'view', 'button', 'label']

/** An XPath string literal for any text (a quote inside is joined with concat()). */
export function xpathLiteral(s: string): string {
  if (!s.includes('"')) return `"${s}"`
  if (!s.includes("'")) return `'${s}'`
  return `concat(${s.split('"').map((part) => `"${part}"`).join(`, '"', `)})`
}

export function automatorDriver(app: AutoApp, opts: AutomatorDriverOptions = {}): Driver {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const pollMs = opts.pollMs ?? 200
  const polling = { timeoutMs, pollMs, sleep: opts.sleep }
  let xpathWorks = true

  /** Mocks a native wx method with `answer`, runs `tap`, waits until it was asked `times` times, restores it. */
  async function answerNative(method: string, times: number, answer: (...a: never[]) => unknown, tap: () => Promise<void>, ...args: unknown[]) {
    await app.evaluate(function () {
      ;(globalThis as unknown as { __scenarioAsked?: number }).__scenarioAsked = 0
    })
    await app.mockWxMethod(method, answer, ...args)
    try {
      await tap()
      let asked = 0
      await poll(
        async () => {
          asked = (await app.evaluate(function () {
            return (globalThis as unknown as { __scenarioAsked?: number }).__scenarioAsked ?? 0
          })) as number
          return asked >= times ? true : undefined
        },
        polling,
        () => `weapp: wx.${method} asked ${asked} of ${times} times`,
      )
    } finally {
      await app.restoreWxMethod(method)
    }
  }

  async function page(): Promise<AutoPage> {
    const p = await app.currentPage()
    if (!p) throw new Error('DevTools has no current page')
    return p
  }

  /** Elements with text of their own: by XPath where DevTools answers it, else every text-bearing tag. */
  async function textElements(p: AutoPage, exact?: string): Promise<Array<{ el: AutoElement; text: string }>> {
    if (xpathWorks) {
      try {
        const xp = exact === undefined ? '//*[text()[normalize-space(.)!=""]]' : `//*[text()[normalize-space(.)=${xpathLiteral(exact)}]]`
        const els = await p.getElementsByXpath(xp)
        return Promise.all(els.map(async (el) => ({ el, text: await el.text() })))
      } catch {
        xpathWorks = false
      }
    }
    const all = (await Promise.all(TEXT_TAGS.map((t) => p.$$(t)))).flat()
    return Promise.all(all.map(async (el) => ({ el, text: await el.text() })))
  }

  async function find(target: Target): Promise<AutoElement | null> {
    const p = await page()
    const { id, text, nth } = targetParts(target)
    if (id !== undefined) return p.$(`#${id}`)
    const want = text as string | RegExp
    const found = (await textElements(p, typeof want === 'string' ? want : undefined)).filter((c) => textMatches(c.text, want))
    // A text inside a view: a parent's text contains the child's, so keep the innermost (the last
    // of a run of matches that contain each other, in document order).
    const innermost = found.filter((c, i) => !(found[i + 1] && found[i + 1].text.length < c.text.length && c.text.includes(found[i + 1].text)))
    return innermost[nth]?.el ?? null
  }

  function waitFor(target: Target): Promise<AutoElement> {
    return poll(async () => (await find(target)) ?? undefined, polling, async () => `weapp: ${describeTarget(target)} not on screen within ${timeoutMs} ms (page ${(await page()).path})`)
  }

  return {
    platform: 'weapp',
    async newPhone() {
      // One DevTools simulator: a new phone is an empty storage (no demo user, no session).
      await app.callWxMethod('clearStorageSync')
      await app.reLaunch(HOME)
    },
    async open(pagePath) {
      await app.reLaunch(pagePath.startsWith('/') ? pagePath : `/${pagePath}`)
    },
    async tap(target) {
      await (await waitFor(target)).tap()
    },
    async type(field, value) {
      const el = await poll(
        async () => {
          const p = await page()
          const el = [...(await p.$$('input')), ...(await p.$$('textarea'))][field]
          return el?.input ? el : undefined
        },
        polling,
        async () => `weapp: no text field #${field + 1} on ${(await page()).path}`,
      )
      await el.input!(value)
    },
    async see(target) {
      await waitFor(target)
    },
    async gone(target) {
      await poll(async () => ((await find(target)) ? undefined : true), polling, () => `weapp: ${describeTarget(target)} still on screen after ${timeoutMs} ms`)
    },
    async firstOf(targets) {
      return poll(
        async () => {
          for (let i = 0; i < targets.length; i++) if (await find(targets[i])) return i
          return undefined
        },
        polling,
        () => `weapp: none of ${targets.map(describeTarget).join(', ')} on screen`,
      )
    },
    async shows(target) {
      return (await find(target)) !== null
    },
    async screenText() {
      return (await textElements(await page())).map((c) => c.text).join('\n')
    },
    async confirmNext(labels, tap) {
      // wx.showModal is native: each one the tap leads to is answered in the app with its confirm
      // button, counted there, and the mock stays until all of them have been asked.
      await answerNative('showModal', labels.length, function (this: unknown) {
        const g = globalThis as unknown as { __scenarioAsked?: number }
        g.__scenarioAsked = (g.__scenarioAsked ?? 0) + 1
        return { confirm: true, cancel: false, errMsg: 'showModal:ok' }
      }, tap)
    },
    async chooseNext(item, tap) {
      // wx.showActionSheet is native: answered in the app by the item's place in its own list.
      await answerNative('showActionSheet', 1, function (this: unknown, options: { itemList: string[] }, label: string) {
        const g = globalThis as unknown as { __scenarioAsked?: number }
        g.__scenarioAsked = (g.__scenarioAsked ?? 0) + 1
        return { tapIndex: options.itemList.indexOf(label), errMsg: 'showActionSheet:ok' }
      }, tap, item)
    },
    async shot(name) {
      if (!opts.shotDir) return
      mkdirSync(opts.shotDir, { recursive: true })
      await app.screenshot({ path: path.join(opts.shotDir, `weapp-${name}.png`) })
    },
  }
}

// The library's own classes must offer what the driver calls, with these signatures: if a version
// of miniprogram-automator renames or retypes one, `npm run typecheck` fails here.
type Satisfies<T extends U, U> = T
export type LibraryMiniProgramFits = Satisfies<MiniProgram, AutoApp>
export type LibraryPageFits = Satisfies<Page, AutoPage>
