import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { AuthData, VerifyMethod } from '../../types/auth'
import { reverify } from '../services/auth'
import { callAuth, CloudError } from '../services/cloud'
import { forgetDemoUser } from '../services/demoUser'
import { PAGES } from '../services/platform'
import { clearSessionToken, getSessionToken } from '../services/session'

type Revealed = AuthData['revealIdentity']

const toast = (e: unknown) =>
  void Taro.showToast({ title: e instanceof CloudError ? e.message : '系统繁忙，请稍后重试', icon: 'none' })

/** 个人中心 actions; the server decides when a fresh face check is needed. */
export function useProfile(onMethodChanged: (m: VerifyMethod) => void) {
  const [revealed, setRevealed] = useState<Revealed | null>(null)
  const [busy, setBusy] = useState<null | 'reveal' | 'method' | 'logout'>(null)

  const reveal = useCallback(async () => {
    const sessionToken = getSessionToken()
    if (!sessionToken) return
    setBusy('reveal')
    try {
      try {
        setRevealed(await callAuth({ action: 'revealIdentity', sessionToken }))
      } catch (e) {
        if (!(e instanceof CloudError) || e.code !== 'VERIFICATION_REQUIRED') throw e
        // Seed 003 温馨提示: personal information only after a fresh 人脸识别验证.
        if (!(await reverify(sessionToken, 'face'))) return
        setRevealed(await callAuth({ action: 'revealIdentity', sessionToken }))
      }
    } catch (e) {
      toast(e)
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
