import Taro from '@tarojs/taro'

/**
 * Where to go once logged in: a page opened before logging in (a consent request from its QR code,
 * seed 001 §2.1.3: first-time parents scan before they have an account) asks to come back to itself.
 * Like the health invite's pending ticket, it is kept in storage, so it survives the demo-user
 * picker and the login page's reLaunch; it is used once, and only for a while.
 */
const KEY = 'login.returnTo'
const TTL_MS = 30 * 60_000

export function returnAfterLogin(url: string): void {
  Taro.setStorageSync(KEY, { url, at: Date.now() })
}

/** The page to return to (consumed), or null: then login goes home as before. */
export function takeReturnAfterLogin(): string | null {
  const v = Taro.getStorageSync(KEY) as { url?: unknown; at?: unknown } | '' | undefined
  Taro.removeStorageSync(KEY)
  if (!v || typeof v !== 'object' || typeof v.url !== 'string' || typeof v.at !== 'number') return null
  if (Date.now() - v.at > TTL_MS || !v.url.startsWith('/')) return null
  return v.url
}
