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

/** subset-font 2.9 (HarfBuzz hb-subset); @types/subset-font lags its options. */
declare module 'subset-font' {
  interface SubsetFontOptions {
    targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'
    noLayoutClosure?: boolean
    noHinting?: boolean
    dropTables?: string[]
    keepFeatures?: string[]
  }
  function subsetFont(font: Buffer, text: string, options?: SubsetFontOptions): Promise<Buffer>
  export = subsetFont
}

// Test-only readers of the QR PNGs we draw (test/unit/qrPng.test.ts).
declare module 'pngjs' {
  export class PNG {
    width: number
    height: number
    data: Buffer
    static sync: { read(buf: Buffer): PNG }
  }
}
declare module 'qrcode-reader' {
  export default class QrReader {
    callback: (err: unknown, value: { result: string } | undefined) => void
    decode(image: { width: number; height: number; data: Buffer }): void
  }
}

// The counter desk (desk/) mounts with React 18's root API; the project carries no @types/react-dom.
declare module 'react-dom/client' {
  import type { ReactNode } from 'react'
  export function createRoot(container: Element): { render(node: ReactNode): void; unmount(): void }
}
