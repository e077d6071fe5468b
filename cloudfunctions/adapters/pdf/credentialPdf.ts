import fontkit from '@pdf-lib/fontkit'
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import type { CredentialDocument } from '../../ports/pdf'
import { cjkFontSubset } from './cjkFont'

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 48
const LABEL_WIDTH = 130

/** Splits a line by width, character by character (Chinese has no spaces to break at). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const ch of Array.from(text)) {
    if (line && font.widthOfTextAtSize(line + ch, size) > width) {
      lines.push(line)
      line = ''
    }
    line += ch
  }
  return [...lines, line]
}

const WATERMARK = { size: 11, leading: 16, gapAlong: 56, gapAcross: 36, angle: 30, opacity: 0.22 }

/**
 * The watermark (SPEC §2), its lines stacked as one block, turned 30° and repeated over the whole
 * page on a staggered lattice so no crop removes it. Blocks are spaced by their own measured size:
 * no two copies overlap, so every copy stays legible.
 */
function watermark(page: PDFPage, font: PDFFont, lines: string[]): void {
  const { size, leading, gapAlong, gapAcross, angle, opacity } = WATERMARK
  const rad = (angle * Math.PI) / 180
  const u = [Math.cos(rad), Math.sin(rad)] // along the text
  const v = [-Math.sin(rad), Math.cos(rad)] // across, towards the line above
  const length = Math.max(...lines.map((l) => font.widthOfTextAtSize(l, size)))
  const along = length + gapAlong
  const across = lines.length * leading + gapAcross
  const reach = Math.ceil(Math.hypot(A4.width, A4.height) / Math.min(along, across)) + 1
  for (let b = -reach; b <= reach; b++) {
    for (let a = -reach; a <= reach; a++) {
      const s = (a + (b % 2 ? 0.5 : 0)) * along
      const ox = s * u[0] + b * across * v[0]
      const oy = s * u[1] + b * across * v[1]
      // The block's corners: skip blocks wholly off the page.
      const xs = [0, length].flatMap((p) => [0, lines.length * leading].map((q) => ox + p * u[0] - q * v[0]))
      const ys = [0, length].flatMap((p) => [0, lines.length * leading].map((q) => oy + p * u[1] - q * v[1]))
      if (Math.max(...xs) < 0 || Math.min(...xs) > A4.width || Math.max(...ys) < -size || Math.min(...ys) > A4.height) continue
      lines.forEach((line, i) => {
        const x = ox - i * leading * v[0]
        const y = oy - i * leading * v[1]
        page.drawText(line, { x, y, size, font, color: rgb(0.75, 0.1, 0.1), opacity, rotate: degrees(angle) })
      })
    }
  }
}

/** Every string the page draws, for the font subset. */
function textOf(doc: CredentialDocument): string {
  return [doc.title, ...doc.sections.flatMap((s) => [s.title, ...s.fields.flatMap((f) => [f.label, f.value])]), ...doc.watermark].join('')
}

/** The credential on A4 pages (loaded lazily by pdfLibRenderer.ts). */
export async function renderCredentialPdf(doc: CredentialDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  pdf.registerFontkit(fontkit)
  // Already a subset (HarfBuzz): embedded whole, fontkit's subsetter is not used.
  const font = await pdf.embedFont(await cjkFontSubset(textOf(doc)), { subset: false })
  pdf.setTitle(doc.title)
  // The watermark in the metadata too: readable by machines, and by tests.
  pdf.setSubject(doc.watermark.join(' / '))
  pdf.setKeywords(doc.watermark)
  pdf.setCreator('粤省事·学校服务数字空间')
  pdf.setCreationDate(new Date(doc.createdAt))
  let page = pdf.addPage([A4.width, A4.height])
  let y = A4.height - MARGIN
  /** A new page when `height` more points would run into the bottom margin. */
  const room = (height: number) => {
    if (y - height >= MARGIN) return
    watermark(page, font, doc.watermark)
    page = pdf.addPage([A4.width, A4.height])
    y = A4.height - MARGIN
  }
  for (const line of wrap(doc.title, font, 20, A4.width - 2 * MARGIN)) {
    page.drawText(line, { x: MARGIN, y: y - 8, size: 20, font })
    y -= 28
  }
  y -= 16
  for (const section of doc.sections) {
    room(22 + 18)
    page.drawText(section.title, { x: MARGIN, y, size: 13, font, color: rgb(0.1, 0.3, 0.6) })
    y -= 22
    for (const field of section.fields) {
      // Labels and values both wrap inside their columns; the row is as tall as the taller one.
      const labels = wrap(field.label, font, 11, LABEL_WIDTH - 10)
      const values = wrap(field.value, font, 11, A4.width - 2 * MARGIN - LABEL_WIDTH)
      const rows = Math.max(labels.length, values.length)
      room(rows * 18)
      labels.forEach((line, i) => page.drawText(line, { x: MARGIN, y: y - i * 18, size: 11, font, color: rgb(0.4, 0.4, 0.4) }))
      values.forEach((line, i) => page.drawText(line, { x: MARGIN + LABEL_WIDTH, y: y - i * 18, size: 11, font }))
      y -= rows * 18
    }
    y -= 10
  }
  watermark(page, font, doc.watermark)
  return pdf.save()
}
