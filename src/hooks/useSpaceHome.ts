import { useCallback, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { SpaceData } from '../../types/space'
import { callSpace, CloudError, isSessionLost } from '../services/cloud'
import { getSessionToken } from '../services/session'
import { asCloudError, requireToken } from '../services/space'

export type SpaceHome = SpaceData['home']

/**
 * The last home seen in this session, shown at once by the next page that needs it (detail,
 * download …) while a fresh copy loads, instead of a spinner on every step of a flow.
 */
let cached: { token: string; home: SpaceHome } | null = null
const cachedFor = (token: string | null) => (cached && token && cached.token === token ? cached.home : null)

/**
 * The space's home data (held, missing, children, counts), reloaded whenever a page using it
 * shows again, so a claim or link made on another page is reflected on return.
 */
export function useSpaceHome() {
  const [home, setHome] = useState<SpaceHome | null>(() => cachedFor(getSessionToken()))
  const [error, setError] = useState<CloudError | null>(null)
  const [loading, setLoading] = useState(true)
  const seq = useRef(0)

  const reload = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const sessionToken = requireToken()
      const data = await callSpace({ action: 'home', sessionToken })
      cached = { token: sessionToken, home: data }
      if (mine === seq.current) setHome(data)
    } catch (e) {
      // Session loss: the transport already tells the user and goes to login.
      if (mine === seq.current && !isSessionLost(e)) setError(asCloudError(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [])

  useDidShow(() => {
    void reload()
  })

  return { home, error, loading, reload }
}
