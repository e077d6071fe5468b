import { useEffect } from 'react'
import Taro from '@tarojs/taro'

/**
 * Starts a page (or a new step of it) at the top. In H5 every page shares the window's scroll
 * (Taro's router does not reset it on navigateTo), so a page opened from a scrolled space home
 * would otherwise open part-way down, its heading under the navigation bar.
 */
export function useSpaceScrollTop(step: unknown = null): void {
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') window.scrollTo(0, 0)
    else void Promise.resolve(Taro.pageScrollTo({ scrollTop: 0, duration: 0 })).catch(() => undefined)
  }, [step])
}
