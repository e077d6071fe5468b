/**
 * Cold start: the space function's entry loads no PDF library until a PDF is asked
 * for. Its own file, so that no other test has loaded pdf-lib into this module registry first.
 */
const loaded: string[] = []
for (const lib of ['pdf-lib', '@pdf-lib/fontkit', 'subset-font']) {
  jest.doMock(lib, () => {
    loaded.push(lib)
    return jest.requireActual(lib)
  })
}

it('loads pdf-lib, fontkit and subset-font (HarfBuzz) on the first render, not when the function starts', async () => {
  require('../../cloudfunctions/functions/space/index')
  const { createPdfRenderer } = require('../../cloudfunctions/adapters/pdf/pdfLibRenderer')
  const renderer = createPdfRenderer()
  expect(loaded).toEqual([])
  const bytes: Uint8Array = await renderer.render({ title: '出生医学证明', sections: [], watermark: ['用途：测试'], createdAt: 0 })
  expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-')
  expect(loaded.sort()).toEqual(['@pdf-lib/fontkit', 'pdf-lib', 'subset-font'])
})
