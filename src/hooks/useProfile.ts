import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { AuthData, VerifyMethod } from '../../types/auth'
import { callAuth, CloudError } from '../services/cloud'
import { forgetDemoUser } from '../services/demoUser'
import { VerificationCancelled, withFreshVerification } from '../services/freshVerification'
import { PAGES } from '../services/platform'
import { clearSessionToken, getSessionToken } from '../services/session'

type Revealed = AuthData['revealIdentity']

const toast = (e: unknown) =>
  void Taro.showToast({ title: e instanceof CloudError ? e.message : '系统繁忙，请稍后重试', icon: 'none' })

/** 个人中心 actions; the server decides when a fresh verification is needed. */
export function useProfile(onMethodChanged: (m: VerifyMethod) => void) {
  const [revealed, setRevealed] = useState<Revealed | null>(null)
  const [busy, setBusy] = useState<null | 'reveal' | 'method' | 'logout'>(null)

  const reveal = useCallback(async () => {
    const sessionToken = getSessionToken()
    if (!sessionToken) return
    setBusy('reveal')
    try {
      // Seed 003 温馨提示: personal information only after a fresh verification.
      setRevealed(await withFreshVerification((token) => callAuth({ action: 'revealIdentity', sessionToken: token })))
    } catch (e) {
      if (!(e instanceof VerificationCancelled)) toast(e)
    } finally {
      setBusy(null)
    }
  }, [])

  const setDefaultMethod = useCallback(
    async (method: VerifyMethod) => {
      const sessionToken = getSessionToken()
      if (!sessionToken) return
      setBusy('method')
      try {
        const res = await callAuth({ action: 'setDefaultMethod', sessionToken, method })
        onMethodChanged(res.defaultMethod)
        void Taro.showToast({ title: '已修改默认登录方式', icon: 'success' })
      } catch (e) {
        toast(e)
      } finally {
        setBusy(null)
      }
    },
    [onMethodChanged],
  )

  const logout = useCallback(async () => {
    const sessionToken = getSessionToken()
    setBusy('logout')
    try {
      if (sessionToken) await callAuth({ action: 'logout', sessionToken })
    } catch {
      // Logging out locally still ends this device's session.
    } finally {
      clearSessionToken()
      setBusy(null)
    }
    await Taro.reLaunch({ url: PAGES.home })
  }, [])

  const switchDemoUser = useCallback(async () => {
    const sessionToken = getSessionToken()
    if (sessionToken) await callAuth({ action: 'logout', sessionToken }).catch(() => undefined)
    forgetDemoUser()
    await Taro.reLaunch({ url: PAGES.home })
  }, [])

  return { revealed, hide: () => setRevealed(null), busy, reveal, setDefaultMethod, logout, switchDemoUser }
}
