import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { AuthData, VerifyMethod } from '../../types/auth'
import { callAuth, CloudError } from '../services/cloud'
import { forgetDemoUser } from '../services/demoUser'
import { VerificationCancelled, withFreshVerification } from '../services/freshVerification'
import { PAGES } from '../services/platform'
import { clearSessionToken, getSessionToken } from '../services/session'
import { outbox, outboxOwner } from '../services/healthOutbox'

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
    // Declarations kept on this phone go out only while their filer is logged in: say so first.
    const unsent = outbox.mine(outboxOwner()).filter((e) => e.state === 'queued' || e.state === 'sending').length
    if (unsent > 0) {
      const { confirm } = await Taro.showModal({
        title: '尚有申报未发送',
        content: `本机还有${unsent}份健康申报未发送，采集员暂时看不到。退出登录后，需您本人再次登录才会发送。`,
        confirmText: '仍要退出',
        cancelText: '暂不退出',
      })
      if (!confirm) return
    }
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
