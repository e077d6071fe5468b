import { useEffect, useState, type ComponentType } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { currentTextScale, scaleStyle, TEXT_SCALE_EVENT } from '../services/textScale'

/**
 * 长辈模式 in WeChat. Every font size is `calc(Npx * var(--fs, 1))`; in H5 `--fs` sits on
 * <html>, but a mini-program page has no root a script can style, so each page is wrapped in one
 * view carrying `--fs` (custom properties inherit to every descendant). The factor is read again
 * whenever the page shows (the switch is in 个人中心; WeChat's own font size can change too) and
 * when it changes while the page is open.
 */
export function withTextScale<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  if (process.env.TARO_ENV !== 'weapp') return Page
  function Scaled(props: P) {
    const [scale, setScale] = useState(currentTextScale)
    useDidShow(() => setScale(currentTextScale()))
    useEffect(() => {
      const on = (s: number) => setScale(s)
      Taro.eventCenter.on(TEXT_SCALE_EVENT, on)
      return () => void Taro.eventCenter.off(TEXT_SCALE_EVENT, on)
    }, [])
    return (
      <View className={scale > 1 ? 'fs-root large-text' : 'fs-root'} style={scaleStyle(scale)}>
        <Page {...props} />
      </View>
    )
  }
  Scaled.displayName = `withTextScale(${Page.displayName ?? Page.name ?? 'Page'})`
  return Scaled
}
