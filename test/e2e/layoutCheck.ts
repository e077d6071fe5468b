import type { Page } from 'playwright-core'

export interface LayoutProblem { what: string; text: string }

/**
 * What large text must not do (长辈模式): two text boxes overlapping, text running out of
 * its box or past the screen, or a text squeezed to one character per line. A text box is an
 * element with text of its own; only what is on screen and visible is measured.
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
    const boxes: { el: Element; r: DOMRect; text: string }[] = []
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (el.closest('.taro__toast, .taro__modal, .taro__actionSheet, script, style')) continue
      const text = ownText(el)
      if (!text) continue
      // The measured box is the text itself (a Range), not its possibly wider container.
      const range = document.createRange()
      range.selectNodeContents(el)
      const r = range.getBoundingClientRect()
      if (r.width === 0 || r.height === 0 || !shown(el)) continue
      boxes.push({ el, r, text: text.slice(0, 30) })
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
    // Any two text boxes that overlap (not one inside the other), by more than a hair.
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]
        const b = boxes[j]
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue
        // The fixed navigation bar sits over content scrolled under it: not an overlap of layout.
        if (!!a.el.closest('.taro-navigation-bar-show') !== !!b.el.closest('.taro-navigation-bar-show')) continue
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left)
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top)
        if (w > 2 && h > 2) out.push({ what: `overlaps “${b.text}”`, text: a.text })
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
