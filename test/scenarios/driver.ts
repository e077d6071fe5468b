/**
 * The journeys are written once (test/scenarios/journeys.ts) against this small driver,
 * by what a user sees and does: open a page, tap a text or an element id, type into the n-th field,
 * expect a text. Two drivers play it: playwright-core on the H5 build (playwrightDriver.ts, in
 * `npm test`) and miniprogram-automator on the weapp build in WeChat DevTools (automatorDriver.ts,
 * `npm run test:weapp`).
 *
 * What the two platforms cannot share stays out of the steps: toasts (native in WeChat, so no step
 * waits on one; the page's own text says the outcome), dialogs and action sheets (wx.showModal and
 * wx.showActionSheet are native: `confirmNext` / `chooseNext` answer the one the tap opens).
 */
export type Target =
  /** An element whose own text is exactly this (trimmed). */
  | string
  /** An element whose own text matches. */
  | RegExp
  /** The n-th (from 0) element with that text, when a screen has several (两个“否”). */
  | { text: string | RegExp; nth: number }
  /** The element with this id (the `id` prop: `#id` in both the H5 DOM and WeChat's WXML). */
  | { id: string }

export interface Driver {
  readonly platform: 'h5' | 'weapp'
  /** A phone with nothing stored (no demo user, no session), on the home page. */
  newPhone(): Promise<void>
  /** Opens a page by its path and query, as a card in a chat or a scanned code does. */
  open(pagePath: string): Promise<void>
  tap(target: Target): Promise<void>
  /** Types into the n-th (from 0) text field of the screen, replacing what was there. */
  type(field: number, value: string): Promise<void>
  /** Waits until the target is on screen (fails after the driver's timeout). */
  see(target: Target): Promise<void>
  /** Waits until the target is no longer on screen (a 申领 done, its button gone). */
  gone(target: Target): Promise<void>
  /** Waits until one of the targets is on screen; its index. */
  firstOf(targets: Target[]): Promise<number>
  /** Whether the target is on screen right now. */
  shows(target: Target): Promise<boolean>
  /** All text on the screen now, for what must never show (an unmasked ID number). */
  screenText(): Promise<string>
  /**
   * Runs `tap`, then answers the dialogs (wx.showModal) it opens, one after the other, each with its
   * confirm button, labelled as given (['发送', '知道了']: the question, then the outcome).
   */
  confirmNext(labels: string[], tap: () => Promise<void>): Promise<void>
  /** Runs `tap`, whose action sheet (wx.showActionSheet) is answered with the item `item`. */
  chooseNext(item: string, tap: () => Promise<void>): Promise<void>
  /** Saves a picture of the screen for review, named per platform. */
  shot(name: string): Promise<void>
}

/** Readable name of a target for failure messages. */
export function describeTarget(t: Target): string {
  if (typeof t === 'string') return `“${t}”`
  if (t instanceof RegExp) return String(t)
  if ('id' in t) return `#${t.id}`
  return `${typeof t.text === 'string' ? `“${t.text}”` : String(t.text)} (#${t.nth + 1})`
}

/** Splits a target into what both drivers match on. */
export function targetParts(t: Target): { id?: string; text?: string | RegExp; nth: number } {
  if (typeof t === 'string' || t instanceof RegExp) return { text: t, nth: 0 }
  if ('id' in t) return { id: t.id, nth: 0 }
  return { text: t.text, nth: t.nth }
}

/** Does an element's own text match (exact for a string, after trimming; test for a RegExp). */
export function textMatches(own: string, want: string | RegExp): boolean {
  const s = own.replace(/\s+/g, ' ').trim()
  return typeof want === 'string' ? s === want : want.test(s)
}

export interface Polling {
  timeoutMs: number
  pollMs: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * The waiting every driver does: `check` until it gives a value (undefined = not yet), at least
 * once; past `timeoutMs`, throws the message `failure` makes then.
 */
export async function poll<T>(check: () => Promise<T | undefined>, o: Polling, failure: () => string | Promise<string>): Promise<T> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const end = Date.now() + o.timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() >= end) throw new Error(await failure())
    await sleep(o.pollMs)
  }
}
