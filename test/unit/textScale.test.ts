jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }))
import { LARGE_TEXT_SCALE, textScale } from '../../src/services/textScale'

describe('textScale: 长辈模式 and the platform font size', () => {
  it.each([
    [false, null, 1],
    [true, null, LARGE_TEXT_SCALE],
    [false, 17, 1], // WeChat's standard size changes nothing
    [false, 16, 1],
    [false, 21, 1.24], // WeChat's larger system font follows without 长辈模式
    [true, 21, 1.6], // the larger of the two
    [false, 30, 1.76],
    [true, 40, 2], // never above 2: pages must still fit 375 px
    [false, 12, 1], // never below 1
    [false, -3, 1],
  ])('largeText=%s, platform %s px → %s', (large, px, scale) => {
    expect(textScale(large as boolean, px as number | null)).toBe(scale)
  })
  it('长辈模式 is at least 1.6×', () => {
    expect(textScale(true)).toBeGreaterThanOrEqual(1.6)
  })
})

describe('长辈模式 reaches every WeChat page (withTextScale)', () => {
  const fs = require('node:fs') as typeof import('node:fs')
  const path = require('node:path') as typeof import('node:path')
  const src = path.join(__dirname, '../../src')
  ;(globalThis as { defineAppConfig?: unknown }).defineAppConfig = (c: unknown) => c
  process.env.TARO_ENV = 'h5' // the H5-only simulated camera page is a page too
  const pages = (require('../../src/app.config') as { default: { pages: string[]; subPackages: { root: string; pages: string[] }[] } }).default
  const all = [...pages.pages, ...pages.subPackages.flatMap((p) => p.pages.map((x) => `${p.root}/${x}`))]

  it.each(all)('%s is wrapped, so --fs is on its root view in WeChat', (page) => {
    const file = fs.readFileSync(path.join(src, `${page}.tsx`), 'utf8')
    expect(file).toMatch(/^export default withTextScale\(\w+\)$/m)
  })

  it('the style carries the factor as the --fs custom property the stylesheets read', () => {
    const { scaleStyle } = require('../../src/services/textScale') as typeof import('../../src/services/textScale')
    expect(scaleStyle(1.6)).toBe('--fs: 1.6')
    const scss = fs.readFileSync(path.join(src, 'app.scss'), 'utf8')
    expect(scss).toMatch(/var\(--fs, 1\)/)
  })
})
