import type { Page } from 'playwright-core'

export interface LayoutProblem { what: string; text: string }

/**
 * What large text must not do (长辈模式): two text boxes overlapping, text running out of
 * its box or past the screen, or a text squeezed to one character per line. A text box is an
 * element with text of its own; only what is on screen and visible is measured.
 * Also: a glyph or label outside its own fixed-size box (✓ in its circle, 身 in its icon), text a
 * fixed sheet pushes below the screen, a value that must stay whole (date, ID, code, （大字）)
 * broken over lines, and a read-only page whose controls are not marked or do not look read-only.
 */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(() => {
    const out: { what: string; text: string }[] = []
    const shown = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const st = getComputedStyle(e)
        if (st.display === 'none' || st.visibility === 'hidden' || st.opacity === '0') return false
      }
      return true
    }
    const ownText = (el: Element) =>
      Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim()
    const boxes: { el: Element; r: DOMRect; lines: DOMRect[]; layer: Element | null; text: string }[] = []
    // The layer a text is drawn in: a fixed sheet or bar sits over the page, not beside it.
    const layerOf = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') return e
      return null
    }
    // What of a text's lines is seen: a scroller (or a clipping box) hides what is scrolled out of it.
    const seenLines = (el: Element, lines: DOMRect[]) => {
      let clip = new DOMRect(-1e5, -1e5, 2e5, 2e5)
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a)
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue
        const c = a.getBoundingClientRect()
        const left = Math.max(clip.left, c.left)
        const top = Math.max(clip.top, c.top)
        clip = new DOMRect(left, top, Math.min(clip.right, c.right) - left, Math.min(clip.bottom, c.bottom) - top)
      }
      return lines.map((q) => {
        const left = Math.max(q.left, clip.left)
        const top = Math.max(q.top, clip.top)
        return new DOMRect(left, top, Math.min(q.right, clip.right) - left, Math.min(q.bottom, clip.bottom) - top)
      }).filter((q) => q.width > 0 && q.height > 0)
    }
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (el.closest('.taro__toast, .taro__modal, .taro__actionSheet, script, style')) continue
      const text = ownText(el)
      if (!text) continue
      // The measured box is the text itself (a Range), not its possibly wider container.
      const range = document.createRange()
      range.selectNodeContents(el)
      const r = range.getBoundingClientRect()
      if (r.width === 0 || r.height === 0 || !shown(el)) continue
      boxes.push({ el, r, lines: seenLines(el, Array.from(range.getClientRects()).filter((q) => q.width > 0 && q.height > 0)), layer: layerOf(el), text: text.slice(0, 30) })
      const st = getComputedStyle(el)
      const fs = parseFloat(st.fontSize)
      // Past the screen's right edge (375 px), or wider than its own box where that box clips.
      if (r.right > window.innerWidth + 1 || r.left < -1) out.push({ what: `text past the screen edge (${Math.round(r.left)}–${Math.round(r.right)} px)`, text })
      const he = el as HTMLElement
      if (he.scrollWidth > he.clientWidth + 1 && he.clientWidth > 0 && st.overflowX !== 'visible') out.push({ what: 'text clipped by its own box', text })
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const as = getComputedStyle(a)
        if (as.overflow === 'visible' && as.overflowX === 'visible' && as.overflowY === 'visible') continue
        if (as.overflowY === 'auto' || as.overflowY === 'scroll') break // a scroller, not a clip
        const ar = a.getBoundingClientRect()
        if (r.right > ar.right + 1 || r.bottom > ar.bottom + 1) out.push({ what: 'text clipped by an overflow:hidden box', text })
        break
      }
      // A glyph or text outside its own box (✓ in a circle, 身 in an icon, a tab's label): the box kept
      // its size while the text grew. Sideways by more than a hair; up or down by more than the room a
      // font's own ascent and descent take past a tight line height.
      const own = el.getBoundingClientRect()
      const slack = Math.max(2, fs * 0.3)
      if (own.width > 0 && own.height > 0 && st.display !== 'inline' &&
        (r.left < own.left - 2 || r.right > own.right + 2 || r.top < own.top - slack || r.bottom > own.bottom + slack)) {
        out.push({ what: `text out of its own box (${Math.round(r.width)}×${Math.round(r.height)} in ${Math.round(own.width)}×${Math.round(own.height)})`, text })
      }
      // A sheet or bar fixed to the screen cannot be scrolled: what it holds past the bottom is never seen.
      for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
        const pos = getComputedStyle(a).position
        const oy = getComputedStyle(a).overflowY
        if (a !== el && (oy === 'auto' || oy === 'scroll')) break
        if (pos === 'fixed') {
          if (r.bottom > window.innerHeight + 1) out.push({ what: `text below the screen in a fixed sheet (bottom ${Math.round(r.bottom)} px)`, text })
          break
        }
      }
      // A value that must stay whole (a date, a time, an ID or code, a bracketed word) broken inside.
      const node = Array.from(el.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim()) as Text | undefined
      if (node && r.height > (parseFloat(st.lineHeight) || fs * 1.4) * 1.5) {
        const s = node.textContent ?? ''
        const tops: number[] = []
        const cr = document.createRange()
        for (let k = 0; k < s.length; k++) {
          cr.setStart(node, k)
          cr.setEnd(node, k + 1)
          const rr = cr.getClientRects()
          tops.push(rr.length ? rr[rr.length - 1].top : NaN)
        }
        // A bracketed word counts in a label or title (长辈模式（大字）, 户口迁入（投靠父母）), not in running prose.
        const whole = Array.from(s.trim()).length <= 16 ? /\d[\d\-:/.]*\d|[A-Za-z0-9*]{4,}|（[^（）]{1,6}）/g : /\d[\d\-:/.]*\d|[A-Za-z0-9*]{4,}/g
        for (const m of s.matchAll(whole)) {
          const at = m.index ?? 0
          for (let k = at + 1; k < at + m[0].length; k++) {
            if (tops[k] - tops[k - 1] > fs * 0.5) {
              out.push({ what: `“${m[0]}” broken over lines`, text })
              break
            }
          }
        }
      }
      // One character per line: several lines, each barely a character wide.
      const lineHeight = parseFloat(st.lineHeight) || fs * 1.4
      const chars = Array.from(text).length
      if (chars >= 2 && r.width < fs * 1.8 && r.height > lineHeight * 1.5) out.push({ what: 'one character per line', text })
      // A short label or button word (申请事项, 有效期至) broken over two lines reads as two words.
      else if (chars <= 6 && r.height > lineHeight * 1.5) out.push({ what: 'short label broken over lines', text })
    }
    // A placeholder wider than its field: the grandparent reads half an instruction.
    const ctx = document.createElement('canvas').getContext('2d')!
    for (const el of Array.from(document.querySelectorAll('input, textarea')) as Array<HTMLInputElement | HTMLTextAreaElement>) {
      if (!el.placeholder || el.value || el.getClientRects().length === 0 || !shown(el)) continue
      const st = getComputedStyle(el)
      ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`
      const room = el.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight)
      if (el.tagName === 'INPUT' && ctx.measureText(el.placeholder).width > room + 1) out.push({ what: 'placeholder cut by its field', text: el.placeholder })
    }
    // A page opened read-only (a locked day) offers nothing to change: each control is marked so, and
    // looks so — faded (a light grey or a see-through colour, or dimmed), not the dark or green of one to tap.
    const rgba = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
    const looksOff = (c: Element) => {
      for (let e: Element | null = c; e; e = e.parentElement) if (parseFloat(getComputedStyle(e).opacity) < 0.75) return true
      const [r, g, b, a = 1] = rgba(getComputedStyle(c).color)
      return a < 0.6 || (Math.max(r, g, b) - Math.min(r, g, b) < 24 && Math.min(r, g, b) >= 120)
    }
    for (const root of Array.from(document.querySelectorAll('[data-readonly=true]'))) {
      for (const c of Array.from(root.querySelectorAll('input, textarea, [role=radio], [role=checkbox], [role=switch]'))) {
        if (c.getClientRects().length === 0 || !shown(c)) continue
        const label = ((c as HTMLInputElement).value || (c as HTMLInputElement).placeholder || c.textContent || c.tagName).trim().slice(0, 30)
        const off = (c as HTMLInputElement).disabled || (c as HTMLInputElement).readOnly || c.getAttribute('aria-disabled') === 'true' || c.getAttribute('aria-readonly') === 'true'
        if (!off) out.push({ what: 'control still editable on a read-only page', text: label })
        else if (!looksOff(c)) out.push({ what: `read-only control looks editable (${getComputedStyle(c).color})`, text: label })
      }
    }
    // Any two text boxes that overlap (not one inside the other), by more than a hair.
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]
        const b = boxes[j]
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue
        // The fixed navigation bar sits over content scrolled under it: not an overlap of layout.
        if (!!a.el.closest('.taro-navigation-bar-show') !== !!b.el.closest('.taro-navigation-bar-show')) continue
        // Likewise a fixed sheet (数据申领同意书) over the page under its mask: layers, not a collision.
        if (a.layer !== b.layer) continue
        // Line by line: two lines of right-aligned text enclose, but do not touch, a › beside the second.
        const hit = a.lines.some((p) => b.lines.some((q) => {
          const w = Math.min(p.right, q.right) - Math.max(p.left, q.left)
          const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top)
          return w > 2 && h > 2
        }))
        if (hit) out.push({ what: `overlaps “${b.text}”`, text: a.text })
      }
    }
    return out
  })
}

/** The font size of the first visible element matching `selector`, in CSS px. */
export async function fontSizeOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const el = Array.from(document.querySelectorAll(sel)).find((e) => (e as HTMLElement).offsetParent !== null)
    return el ? parseFloat(getComputedStyle(el).fontSize) : 0
  }, selector)
}
