import Taro from '@tarojs/taro'

/**
 * 长辈模式 (适老化): every text on every page scales by one factor, `--fs`, which every
 * font-size and line-height in the stylesheets multiplies (`calc(Npx * var(--fs, 1))`).
 */
export const LARGE_TEXT_KEY = 'display.largeText'
/** What 长辈模式 gives: at least 1.6×. */
export const LARGE_TEXT_SCALE = 1.6
/** WeChat's 标准 font size in px (fontSizeSetting at the default 字体大小); a larger setting scales the app with it. */
const PLATFORM_BASE_PX = 17
const MAX_SCALE = 2

/** The scale from the user's setting and the platform's reported font size (px), never below 1 or above 2. */
export function textScale(largeText: boolean, platformFontPx?: number | null): number {
  const fromPlatform = platformFontPx && platformFontPx > 0 ? platformFontPx / PLATFORM_BASE_PX : 1
  const wanted = Math.max(largeText ? LARGE_TEXT_SCALE : 1, fromPlatform)
  return Math.round(Math.min(MAX_SCALE, Math.max(1, wanted)) * 100) / 100
}

export const largeTextOn = (): boolean => Taro.getStorageSync(LARGE_TEXT_KEY) === true

/** WeChat reports the user's own font size (px) in fontSizeSetting; H5 has no such setting. */
function platformFontPx(): number | null {
  if (process.env.TARO_ENV !== 'weapp') return null
  try {
    // getAppBaseInfo replaces getSystemInfoSync (no longer maintained from base library 2.20.1).
    const info = (typeof Taro.getAppBaseInfo === 'function' ? Taro.getAppBaseInfo() : Taro.getSystemInfoSync()) as { fontSizeSetting?: number }
    return info.fontSizeSetting ?? null
  } catch {
    return null
  }
}

export function currentTextScale(): number {
  return textScale(largeTextOn(), platformFontPx())
}

/** Told when the factor changes, so an open WeChat page (withTextScale) redraws at once. */
export const TEXT_SCALE_EVENT = 'display.textScale'

/** The style that carries the factor to every descendant: `calc(Npx * var(--fs, 1))` reads it. */
export const scaleStyle = (scale: number): string => `--fs: ${scale}`

/**
 * H5: the factor goes on the root element, so every page (and Taro's own navigation title) follows
 * at once. WeChat has no root element a script can style: each page wraps itself (withTextScale).
 */
export function applyTextScale(scale = currentTextScale()): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    document.documentElement.style.setProperty('--fs', String(scale))
    document.documentElement.classList.toggle('large-text', scale > 1)
  }
}

export function setLargeText(on: boolean): void {
  Taro.setStorageSync(LARGE_TEXT_KEY, on)
  const scale = currentTextScale()
  applyTextScale(scale)
  Taro.eventCenter?.trigger(TEXT_SCALE_EVENT, scale)
}
