import { useCallback, useEffect, useState } from 'react'
import { requirePrivacy } from '../services/privacy'

export type PrivacyState = 'checking' | 'agreed' | 'refused'

/**
 * Asks for the privacy agreement when a page that collects personal data opens (WeChat:
 * wx.requirePrivacyAuthorize → the popup); `ask` asks again after a refusal.
 */
export function usePrivacyGate() {
  const [state, setState] = useState<PrivacyState>('checking')
  const ask = useCallback(async () => {
    setState('checking')
    setState((await requirePrivacy()) ? 'agreed' : 'refused')
  }, [])
  useEffect(() => {
    void ask()
  }, [ask])
  return { state, ask }
}
