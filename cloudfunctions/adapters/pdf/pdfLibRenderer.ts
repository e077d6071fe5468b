import fontkit from '@pdf-lib/fontkit'
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import type { CredentialDocument, PdfRenderer } from '../../ports/pdf'
import { loadCjkFont } from './cjkFont'

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 48

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

/** The watermark, repeated diagonally over the whole page so no crop removes it (SPEC §2). */
function watermark(page: PDFPage, font: PDFFont, lines: string[]): void {
  const text = lines.join('  ')
  for (let y = -200; y < A4.height + 200; y += 120) {
    for (let x = -300; x < A4.width; x += 360) {
      page.drawText(text, { x, y, size: 10, font, color: rgb(0.75, 0.1, 0.1), opacity: 0.18, rotate: degrees(30) })
    }
  }
}

/** Credential PDFs with pdf-lib, made inside the cloud function (no browser, no native code). */
export function createPdfRenderer(): PdfRenderer {
  return {
    async render(doc: CredentialDocument): Promise<Uint8Array> {
      const pdf = await PDFDocument.create()
      pdf.registerFontkit(fontkit)
      const font = await pdf.embedFont(loadCjkFont(), { subset: true })
      pdf.setTitle(doc.title)
      // The watermark in the metadata too: readable by machines, and by tests.
      pdf.setSubject(doc.watermark.join(' / '))
      pdf.setKeywords(doc.watermark)
      pdf.setCreator('粤省事·学校服务数字空间')
      pdf.setCreationDate(new Date(doc.createdAt))
      let page = pdf.addPage([A4.width, A4.height])
      let y = A4.height - MARGIN
      const newPageIfNeeded = () => {
        if (y > MARGIN + 20) return
        watermark(page, font, doc.watermark)
        page = pdf.addPage([A4.width, A4.height])
        y = A4.height - MARGIN
      }
      page.drawText(doc.title, { x: MARGIN, y: y - 8, size: 20, font })
      y -= 44
      for (const section of doc.sections) {
        newPageIfNeeded()
        page.drawText(section.title, { x: MARGIN, y, size: 13, font, color: rgb(0.1, 0.3, 0.6) })
        y -= 22
        for (const field of section.fields) {
          const lines = wrap(field.value, font, 11, A4.width - 2 * MARGIN - 130)
          newPageIfNeeded()
          page.drawText(field.label, { x: MARGIN, y, size: 11, font, color: rgb(0.4, 0.4, 0.4) })
          for (const line of lines) {
            page.drawText(line, { x: MARGIN + 130, y, size: 11, font })
            y -= 18
          }
        }
        y -= 10
      }
      watermark(page, font, doc.watermark)
      return pdf.save()
    },
  }
}
