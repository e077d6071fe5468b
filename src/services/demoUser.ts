import Taro from '@tarojs/taro'
import { DemoUsers, type DemoUser } from '../../types/simulation'
import { localRequest } from './localCloud'
import { clearSessionToken } from './session'

/**
 * Local cloud only (H5, and weapp built with TARO_APP_TRANSPORT=http): a demo user stands in for the WeChat account, whose openid
 * CloudBase would inject. The chosen user is kept per browser (each phone has its own).
 */
const USER_KEY = 'demo.user'

export function getDemoUser(): DemoUser | null {
  const raw = Taro.getStorageSync(USER_KEY)
  return raw && typeof raw === 'object' && typeof raw.openid === 'string' ? (raw as DemoUser) : null
}

export function getDemoOpenid(): string | null {
  return getDemoUser()?.openid ?? null
}

export function chooseDemoUser(user: DemoUser): void {
  clearSessionToken()
  Taro.setStorageSync(USER_KEY, user)
}

export function forgetDemoUser(): void {
  clearSessionToken()
  Taro.removeStorageSync(USER_KEY)
}

/** None outside the local cloud; an inline env test, so the production WeChat build drops the call. */
export function fetchDemoUsers(): Promise<DemoUser[]> {
  if (process.env.TARO_ENV !== 'h5' && process.env.TARO_APP_TRANSPORT !== 'http') return Promise.resolve([])
  return localRequest('/local/demo-users').then((res) => {
    if (res.status !== 200) throw new Error(`demo-users ${res.status}`)
    return DemoUsers.parse(res.body)
  })
}
