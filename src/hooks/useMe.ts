import { useCallback, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { callAuth, CloudError, isSessionLost } from '../services/cloud'
import { getSessionToken } from '../services/session'
import type { Me } from '../services/auth'

/** The logged-in identity (masked), reloaded whenever the page shows. */
export function useMe() {
  const [me, setMe] = useState<Me | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<CloudError | null>(null)

  const reload = useCallback(async () => {
    const sessionToken = getSessionToken()
    setError(null)
    if (!sessionToken) {
      setMe(null)
      setLoading(false)
      return
    }
    setLoading(true)
    try {
      setMe(await callAuth({ action: 'me', sessionToken }))
    } catch (e) {
      setMe(null)
      // Session loss: the transport shows the server's words and goes to login; stay on the spinner.
      if (isSessionLost(e)) return
      setError(e instanceof CloudError ? e : new CloudError('INTERNAL', '加载失败，请稍后重试', ''))
    }
    setLoading(false)
  }, [])

  useDidShow(() => {
    void reload()
  })

  return { me, setMe, loading, error, reload }
}
