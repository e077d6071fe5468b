import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { CloudError } from './cloud'
import { getSessionToken } from './session'

/** The health-declaration subpackage (app.config.ts `subPackages`, root `health`). */
export const HEALTH_PAGES = {
  home: '/health/index/index',
  invite: '/health/invite/index',
  add: '/health/add/index',
  form: '/health/form/index',
  workbench: '/health/workbench/index',
  create: '/health/create/index',
} as const

const PENDING_TICKET = 'health.pendingTicket'
export const rememberTicket = (t: string) => Taro.setStorageSync(PENDING_TICKET, t)
export const pendingTicket = (): string | null => (Taro.getStorageSync(PENDING_TICKET) as string) || null
export const forgetTicket = () => Taro.removeStorageSync(PENDING_TICKET)

export const asCloudError = (e: unknown): CloudError =>
  e instanceof CloudError ? e : new CloudError('INTERNAL', '系统繁忙，请稍后重试', '')

/** The session token or null (pages show 请先登录 instead of calling). */
export const healthToken = (): string | null => getSessionToken()

/**
 * A client id for one submission (RFC 4122 v4 shape). Not a secret: it only makes 重新提交
 * idempotent, so Math.random is enough and works in WeChat, which has no crypto.randomUUID.
 */
export function newClientId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Loads once (and on reload): data, the error to show with its next step, and a loading flag. */
export function useHealthQuery<T>(load: (token: string) => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<CloudError | null>(null)
  const [loading, setLoading] = useState(true)
  const reload = useCallback(async () => {
    const token = getSessionToken()
    if (!token) {
      setError(new CloudError('NOT_LOGGED_IN', '请先实名认证登录', '健康申报需要先通过人脸识别或微信支付密码完成实名认证。'))
      setLoading(false)
      return
    }
    setLoading(true)
    try {
      setData(await load(token))
      setError(null)
    } catch (e) {
      setError(asCloudError(e))
    } finally {
      setLoading(false)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  useEffect(() => {
    void reload()
  }, [reload])
  return { data, error, loading, reload, setData }
}

/** China-time clock text for a submission time (the phone's zone may differ). */
export function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** Today's China day on the phone, only for defaults; the server decides every rule. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}
