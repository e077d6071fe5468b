import { type PropsWithChildren } from 'react'
import Taro, { useDidShow, useLaunch } from '@tarojs/taro'
import { applyTextScale } from './services/textScale'
import { listenForPrivacyAsks } from './services/privacy'
import { flushOutbox, listenForNetwork } from './services/healthOutbox'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // 长辈模式 / the platform's font size, before the first page draws.
    applyTextScale()
    // WeChat asks the app to show its privacy popup whenever a privacy API needs the agreement.
    listenForPrivacyAsks()
    // TARO_APP_TRANSPORT=http: the weapp build talks to the local cloud over wx.request instead.
    if (process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_TRANSPORT !== 'http') {
      // The CloudBase env comes from `.env.[mode]` (TARO_APP_CLOUD_ENV); without it, WeChat
      // uses the environment bound to the mini-program.
      const env = process.env.TARO_APP_CLOUD_ENV
      Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
    }
    // Declarations saved on the phone go out when the network comes back (healthOutbox.ts).
    listenForNetwork()
  })
  // …and whenever the app shows again (first launch included).
  useDidShow(() => void flushOutbox())
  return children
}

export default App
