import Taro from '@tarojs/taro'
import { DemoUsers, type DemoUser } from '../../types/simulation'
import { clearSessionToken } from './session'

/**
 * H5 only: in the local version a demo user stands in for the WeChat account, whose openid
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

export async function fetchDemoUsers(): Promise<DemoUser[]> {
  const res = await fetch('/local/demo-users')
  if (!res.ok) throw new Error(`demo-users ${res.status}`)
  return DemoUsers.parse(await res.json())
}
