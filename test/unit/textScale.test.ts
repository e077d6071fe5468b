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
