/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by the Taro CLI at build time. */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn'
    /** CloudBase environment id for Taro.cloud.init (from `.env.[mode]`). */
    TARO_APP_CLOUD_ENV?: string
    /** Hex Ed25519 public key of the consent ledger, pinned by the weapp (`npm run ledger:pubkey`). */
    TARO_APP_LEDGER_PUBLIC_KEY?: string
  }
}
