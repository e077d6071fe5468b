import Taro from '@tarojs/taro'

/** The session token from completeVerification; one live session per identity (SPEC §1). */
const TOKEN_KEY = 'auth.sessionToken'

export function getSessionToken(): string | null {
  const token = Taro.getStorageSync(TOKEN_KEY)
  return typeof token === 'string' && token ? token : null
}

export function setSessionToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token)
}

export function clearSessionToken(): void {
  Taro.removeStorageSync(TOKEN_KEY)
}
