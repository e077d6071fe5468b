import { readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'

/** axe-core, injected into each checked page (it is not part of the app's bundle). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const root = path.resolve(__dirname, '../..')
export const a11yReport = path.join(root, 'test-results/a11y.json')

export interface AxeFinding { id: string; impact: string | null; help: string; nodes: { target: string; html: string }[] }
const findings: Record<string, AxeFinding[]> = {}

/**
 * Runs axe-core (WCAG 2 A/AA) on what the page shows now. Returns every violation; the caller
 * decides what fails. Taro's H5 router keeps earlier pages in the DOM, hidden: axe skips hidden
 * content itself, so nothing is excluded by hand.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; html: string }> }> }> } }).axe
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160) })) }))
  })
}

/** Critical and serious violations fail the step; every finding goes into test-results/a11y.json. */
/** A sheet or modal still fading in has translucent text: look at what the user sees once it settles. */
export async function settled(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        document.getAnimations().every((a) => a.playState !== 'running') &&
        // Taro's H5 sheets start at opacity 0 and fade in after a timer: wait until each is shown or gone.
        Array.from(document.querySelectorAll('.taro__actionSheet, .taro__modal, .taro__toast')).every((el) => {
          const st = getComputedStyle(el)
          return st.display === 'none' || st.opacity === '1'
        }),
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined)
}

export async function expectAccessible(page: Page, name: string): Promise<void> {
  await settled(page)
  const taps = (await tapProblems(page)).map((t) => ({ id: 'tappable-control', impact: 'serious', help: t.what, nodes: [{ target: '', html: t.html }] }))
  const all = [...(await axeViolations(page)), ...taps]
  findings[name] = all
  mkdirSync(path.dirname(a11yReport), { recursive: true })
  let merged: Record<string, AxeFinding[]> = {}
  try {
    merged = JSON.parse(readFileSync(a11yReport, 'utf8'))
  } catch {
    merged = {}
  }
  writeFileSync(a11yReport, JSON.stringify({ ...merged, ...findings }, null, 1))
  const bad = all.filter((v) => v.impact === 'critical' || v.impact === 'serious')
  if (bad.length && process.env.A11Y_REPORT_ONLY !== '1') {
    const lines = bad.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `      ${n.target}  ${n.html}`).join('\n')}`)
    throw new Error(`accessibility (axe-core) on "${name}": ${bad.length} critical/serious violation(s)\n${lines.join('\n')}`)
  }
}

export interface TapProblem { what: string; html: string }

/**
 * What axe cannot see: a Taro View with onClick renders as a plain element, so axe does not know
 * it is tappable. Taro's H5 components keep each element's handlers on the node; every visible element with an
 * onClick must be (or sit inside) a control with a role and a name, and controls must be at least
 * 44×44 CSS px (WCAG 2.5.5's size, above axe's 24 px minimum).
 */
export async function tapProblems(page: Page): Promise<TapProblem[]> {
  return page.evaluate(() => {
    const ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'tab', 'switch', 'option', 'menuitem'])
    const out: { what: string; html: string }[] = []
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) return false
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e)
        if (s.display === 'none' || s.visibility === 'hidden') return false
      }
      return true
    }
    const control = (el: Element | null): Element | null => {
      for (let e = el; e; e = e.parentElement) if (ROLES.has(e.getAttribute('role') ?? '')) return e
      return null
    }
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      // Taro's H5 components keep their handlers in __events (React never sees onClick on them).
      const events = (el as unknown as { __events?: Record<string, unknown> }).__events
      if (!events || typeof events.click !== 'function' || !visible(el)) continue
      // A sheet's mask and panel stop clicks, they are not controls.
      if (/sheet-mask|hl-sheet\b|taro-modal|taro-actionsheet/.test((el as HTMLElement).className || '')) continue
      const c = control(el)
      const html = el.outerHTML.slice(0, 140)
      if (!c) { out.push({ what: 'tappable without a role', html }); continue }
      const name = (c.getAttribute('aria-label') || (c as HTMLElement).innerText || '').trim()
      if (!name) out.push({ what: 'control without a name', html })
      const r = c.getBoundingClientRect()
      if (r.width < 44 - 0.5 || r.height < 44 - 0.5) out.push({ what: `control ${Math.round(r.width)}×${Math.round(r.height)} px, under 44×44`, html })
      if (['checkbox', 'radio', 'switch'].includes(c.getAttribute('role')!) && !c.hasAttribute('aria-checked')) out.push({ what: 'checkbox without aria-checked', html })
    }
    // Form fields named by a label, not by their placeholder alone (it disappears once typed).
    for (const el of Array.from(document.querySelectorAll('input, textarea'))) {
      if (!visible(el) || (el as HTMLInputElement).type === 'hidden') continue
      const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el as HTMLInputElement).labels?.length
      if (!labelled) out.push({ what: 'form field without a label', html: el.outerHTML.slice(0, 140) })
    }
    return out
  })
}
