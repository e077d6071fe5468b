import QRCode from 'qrcode'
import { PNG } from 'pngjs'
import QrReader from 'qrcode-reader'
import { qrDataUrl } from '../../cloudfunctions/adapters/qr/qrDataUrl'

/** The data URL's PNG, decoded by pngjs (an independent reader) into RGBA pixels. */
const decode = (url: string) => PNG.sync.read(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64'))

/** What a phone's scanner reads off the image (qrcode-reader, another independent implementation). */
function scan(png: PNG): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new QrReader()
    r.callback = (err: unknown, v: { result: string } | undefined) => (err || !v ? reject(err) : resolve(v.result))
    r.decode({ width: png.width, height: png.height, data: png.data })
  })
}

describe('QR code PNG', () => {
  const link = 'https://example.org/#/consent/open/index?code=ABCD2345EFGH&from=school'

  it('is a valid PNG, at least as wide as asked, whose pixels are exactly the code’s modules with a one-module margin', async () => {
    const png = decode(await qrDataUrl(link, { width: 240 }))
    const qr = QRCode.create(link, { errorCorrectionLevel: 'M' })
    const cells = qr.modules.size + 2
    expect(png.width).toBe(png.height)
    expect(png.width).toBeGreaterThanOrEqual(240)
    expect(png.width % cells).toBe(0)
    const scale = png.width / cells
    let mismatches = 0
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        const inside = x >= 1 && y >= 1 && x <= qr.modules.size && y <= qr.modules.size
        const dark = inside && qr.modules.get(y - 1, x - 1) === 1
        // the centre pixel of each module's square
        const p = ((y * scale + (scale >> 1)) * png.width + x * scale + (scale >> 1)) * 4
        if ((png.data[p] === 0) !== dark) mismatches++
      }
    }
    expect(mismatches).toBe(0)
  })

  it('scans back to the same text at the sizes the product draws (error correction M, as every caller uses)', async () => {
    for (const width of [240, 280]) expect(await scan(decode(await qrDataUrl(link, { width })))).toBe(link)
    const digits = 'GD:1|123456789012|1767225600000|abcdefABCDEF0123'
    expect(await scan(decode(await qrDataUrl(digits, { width: 360, errorCorrectionLevel: 'M' })))).toBe(digits)
  })

  it('is small: a 1-bit image, a few kB as a data URL', async () => {
    const url = await qrDataUrl(link, { width: 360 })
    expect(url.length).toBeLessThan(6_000)
  })
})
