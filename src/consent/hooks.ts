import { useCallback, useMemo, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { ConsentData } from '../../types/consent'
import { callConsent, CloudError, isSessionLost } from '../services/cloud'
import { CONSENT_PAGES } from '../services/consent'
import { returnAfterLogin } from '../services/returnAfterLogin'
import { getSessionToken } from '../services/session'
import { asCloudError } from '../services/space'

/** Not logged in yet (a parent scanning the QR code first, seed 001 §2.1.3): the page offers 去登录. */
export const NOT_LOGGED_IN = new CloudError('NOT_LOGGED_IN', '请先登录', '授权需要先登录个人数字空间并完成实名认证；登录后将回到本页面。')

/**
 * Loads something for the logged-in user whenever the page shows; errors become the server's words.
 * Without a session token nothing is called: the error is NOT_LOGGED_IN and the page offers 去登录.
 * A session the server says is gone (已在其他设备登录 …) is the transport's to tell and to take to
 * the login page; `returnTo` is remembered so that login comes back here.
 */
function useLoaded<T>(load: ((token: string) => Promise<T>) | null, returnTo: string) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<CloudError | null>(null)
  const [loading, setLoading] = useState(true)
  const seq = useRef(0)
  const reload = useCallback(async () => {
    const mine = ++seq.current
    if (!load) return void setLoading(false)
    const token = getSessionToken()
    if (!token) {
      setError(NOT_LOGGED_IN)
      setLoading(false)
      return
    }
    setLoading(true)
    setError(null)
    try {
      const value = await load(token)
      if (mine === seq.current) setData(value)
    } catch (e) {
      if (mine !== seq.current) return
      if (isSessionLost(e)) returnAfterLogin(returnTo)
      else setError(asCloudError(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [load, returnTo])
  useDidShow(() => void reload())
  return { data, setData, error, loading, reload }
}

export const requestPage = (code: string) => `${CONSENT_PAGES.open}?code=${encodeURIComponent(code)}`

/** `code` null: the page found it missing or malformed and calls nothing. */
export function useRequest(code: string | null) {
  const load = useMemo(() => (code ? (sessionToken: string) => callConsent({ action: 'open', sessionToken, code }).then((d) => d.request) : null), [code])
  return useLoaded<ConsentData['open']['request']>(load, requestPage(code ?? ''))
}

export function useMyConsents() {
  const load = useCallback((sessionToken: string) => callConsent({ action: 'mine', sessionToken }).then((d) => d.consents), [])
  return useLoaded<ConsentData['mine']['consents']>(load, CONSENT_PAGES.mine)
}
