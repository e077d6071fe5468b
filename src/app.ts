import { type PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // The CloudBase env comes from `.env.[mode]` (TARO_APP_CLOUD_ENV); without it, WeChat
      // uses the environment bound to the mini-program.
      const env = process.env.TARO_APP_CLOUD_ENV
      Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
    }
  })
  return children
}

export default App
