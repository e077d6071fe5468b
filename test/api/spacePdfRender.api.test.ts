import { join, resolve } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { F01, useSpaceCloud } from '../helpers/spaceCloud'
import { glyphProbe, inkIn, pdfText, renderPage, requirePoppler, savePng } from '../helpers/poppler'

/**
 * The downloaded credential PDF as a user's viewer shows it (an earlier
 * renderer drew most characters as empty boxes): rendered by poppler, every character of the title, the holder's masked name, the
 * certificate number as printed and the watermark must come back, as text and as ink.
 */
const { as, certOf } = useSpaceCloud()
const shots = resolve(__dirname, '../../test-results/screenshots')
const DPI = 100

let pdf: Uint8Array
let text: string
let watermark: string[]
let number: string

beforeAll(async () => {
  requirePoppler()
  const mother = await as(F01.mother)
  await mother.reverify()
  const cert = await certOf(mother)
  const detail = await mother.ok('detail', { credentialId: cert.credentialId })
  number = detail.sections.flatMap((s) => s.fields).find((f) => f.label.includes('编号'))!.value
  const out = await mother.ok('download', { credentialId: cert.credentialId, purpose: '小学新生报名' })
  pdf = new Uint8Array(Buffer.from(out.base64, 'base64'))
  watermark = ((await PDFDocument.load(pdf)).getSubject() ?? '').split(' / ')
  text = pdfText(pdf)
  // For a person to look at, beside the browser screenshots.
  savePng(pdf, 1, join(shots, 'pdf-birth-certificate-p1.png'))
}, 60_000)

describe('the credential PDF, read by poppler', () => {
  it('gives back the title, the number as printed, the masked holder and every watermark line as text', () => {
    const flat = text.replace(/\s+/g, '')
    expect(flat).toContain('出生医学证明')
    expect(number).toMatch(/\S{6,}/)
    expect(flat).toContain(number.replace(/\s+/g, ''))
    expect(watermark).toEqual(['下载人：**玲（44**************24）', '用途：小学新生报名', expect.stringMatching(/^时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/), '仅限上述用途使用'])
    // Each watermark line drawn on the page comes back whole at least once (tiles may be cut at the edge).
    for (const line of watermark) {
      expect(flat).toContain(line.replace(/\s+/g, ''))
    }
  })

  it('draws an outline for every character of title, holder, number and watermark (no empty boxes)', async () => {
    const chars = [...new Set(Array.from(['出生医学证明', number, ...watermark].join('')))].filter((c) => c.trim())
    const probe = await glyphProbe(pdf, chars)
    expect(probe.missing).toEqual([])
    const img = renderPage(probe.pdf, probe.page, DPI)
    const px = (pt: number) => (pt * DPI) / 72
    const blank = chars.filter((_, i) => {
      const cell = { x: px((i % probe.cols) * probe.cell), y: px(Math.floor(i / probe.cols) * probe.cell), w: px(probe.cell), h: px(probe.cell) }
      return inkIn(img, cell, 128) < 4
    })
    expect(blank).toEqual([])
  })

  it('shows the title in ink at the top of the first page', () => {
    const img = renderPage(pdf, 1, DPI)
    // The title line: 20 pt at 48 pt from the left, its baseline 56 pt below the top edge.
    const px = (pt: number) => (pt * DPI) / 72
    const perChar = Array.from('出生医学证明').map((_, i) => inkIn(img, { x: px(48 + 20 * i), y: px(34), w: px(20), h: px(26) }, 100))
    expect(perChar.every((n) => n > 20)).toBe(true)
  })
})
