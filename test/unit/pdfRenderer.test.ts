import { PDFDocument, PDFName, PDFDict } from 'pdf-lib'
import { createPdfRenderer } from '../../cloudfunctions/adapters/pdf/pdfLibRenderer'

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
    // A subset, not the 10 MB font.
    expect(bytes.length).toBeLessThan(400_000)
  })
})
