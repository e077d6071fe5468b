import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFPage } from 'pdf-lib'
import { createPdfRenderer } from '../../cloudfunctions/adapters/pdf/pdfLibRenderer'

/** The page's content streams, decoded to operator text. */
function contentOf(doc: PDFDocument, page: PDFPage): string {
  const contents = page.node.Contents()
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents]
  return streams.map((st) => Buffer.from(decodePDFRawStream(st as PDFRawStream).decode()).toString('latin1')).join('\n')
}

/**
 * The visible watermark (SPEC §2): text drawn through a translucent graphics state (ca 0.18), turned
 * 30° (Tm a b c d = cos, sin, -sin, cos), with as many glyphs as the watermark line. Returns the
 * origins of those draws on one page.
 */
function watermarkDraws(doc: PDFDocument, page: PDFPage, glyphs: number): [number, number][] {
  const states = page.node.Resources()?.lookup(PDFName.of('ExtGState'), PDFDict)
  const translucent = new Set(
    (states?.entries() ?? [])
      .filter(([, v]) => (doc.context.lookup(v, PDFDict).lookup(PDFName.of('ca'), PDFNumber)?.asNumber() ?? 1) < 0.5)
      .map(([k]) => k.toString()),
  )
  const draws: [number, number][] = []
  for (const block of contentOf(doc, page).split(/\nQ\n?/)) {
    const gs = /(\/\S+) gs/.exec(block)
    const tm = /(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) Tm/.exec(block)
    const tj = /<([0-9A-F]*)> Tj/.exec(block)
    if (!gs || !translucent.has(gs[1]) || !tm || !tj) continue
    const [a, b, c, d, x, y] = tm.slice(1).map(Number)
    const rotated = [a, b, c, d].every((v, i) => Math.abs(v - [Math.cos(Math.PI / 6), 0.5, -0.5, Math.cos(Math.PI / 6)][i]) < 1e-6)
    if (rotated && tj[1].length === glyphs * 4) draws.push([x, y])
  }
  return draws
}

/** The real pdf-lib renderer: a valid PDF, the watermark readable back, a Chinese font embedded. */
describe('pdf-lib credential renderer', () => {
  it('writes the watermark into the PDF and embeds a subset of Noto Sans SC', async () => {
    const watermark = ['下载人：**玲（44**************24）', '用途：小学新生报名', '时间：2026-11-22 10:00（北京时间）']
    const many = Array.from({ length: 60 }, (_, i) => ({ label: `项目${i}`, value: '广东省惠州市惠城区'.repeat(i % 4 + 1) }))
    const bytes = await createPdfRenderer().render({
      title: '出生医学证明',
      sections: [{ title: '出生医学证明', fields: [{ label: '新生儿姓名', value: '吴思涵' }, ...many] }],
      watermark,
      createdAt: Date.UTC(2026, 10, 22, 2, 0),
    })
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-')
    const doc = await PDFDocument.load(bytes)
    expect(doc.getSubject()).toBe(watermark.join(' / '))
    expect(doc.getKeywords()).toContain('用途：小学新生报名')
    expect(doc.getTitle()).toBe('出生医学证明')
    // 60 wrapped fields do not fit one A4 page: the layout continues on a second.
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2)
    const fonts = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'))
    expect(fonts.length).toBeGreaterThan(0)
    expect(String(fonts[0].get(PDFName.of('FontName')))).toMatch(/NotoSansSC/)
    expect(fonts[0].get(PDFName.of('FontFile2'))).toBeDefined()
    // A subset of the glyphs drawn (HarfBuzz), not the 10 MB font: a few dozen KB for two pages.
    expect(bytes.length).toBeLessThan(80_000)
    // Every line drawn on every page, not only the last, and tiled over the whole A4 so no crop removes it.
    for (const page of doc.getPages()) {
      for (const line of watermark) {
        const draws = watermarkDraws(doc, page, Array.from(line).length)
        expect(draws.length).toBeGreaterThanOrEqual(10)
        const ys = draws.map(([, y]) => y)
        const xs = draws.map(([x]) => x)
        expect([Math.min(...ys) <= 60, Math.max(...ys) >= page.getHeight() - 120, Math.min(...xs) <= 60, Math.max(...xs) >= page.getWidth() - 200]).toEqual([true, true, true, true])
      }
    }
  })
})

