import { useCallback, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { ConsentData } from '../../types/consent'
import { callConsent, CloudError, isSessionLost } from '../services/cloud'
import { asCloudError, requireToken } from '../services/space'

/** Loads something for the logged-in user whenever the page shows; errors become the server's words. */
function useLoaded<T>(load: (token: string) => Promise<T>) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<CloudError | null>(null)
  const [loading, setLoading] = useState(true)
  const seq = useRef(0)
  const reload = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const value = await load(requireToken())
      if (mine === seq.current) setData(value)
    } catch (e) {
      if (mine === seq.current && !isSessionLost(e)) setError(asCloudError(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [load])
  useDidShow(() => void reload())
  return { data, setData, error, loading, reload }
}

export function useRequest(code: string) {
  const load = useCallback((sessionToken: string) => callConsent({ action: 'open', sessionToken, code }).then((d) => d.request), [code])
  return useLoaded<ConsentData['open']['request']>(load)
}

export function useMyConsents() {
  const load = useCallback((sessionToken: string) => callConsent({ action: 'mine', sessionToken }).then((d) => d.consents), [])
  return useLoaded<ConsentData['mine']['consents']>(load)
}
