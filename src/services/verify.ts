import Taro from '@tarojs/taro'
import type { VerifyMethod } from '../../types/auth'
import type { SimulatedOutcome } from '../../types/simulation'
import { CloudError } from './cloud'
import { PAGES } from './platform'

/**
 * Runs the user-facing check for a verify id. The result is not trusted: afterwards the
 * server asks the verifier itself (completeVerification). 'cancelled' = the user backed out.
 */
export type CheckResult = 'done' | 'cancelled'

/** The simulated camera page reports on this event (local cloud only: H5, weapp over http). */
export const simEvent = (verifyId: string) => `verify-sim:${verifyId}`
export type SimReport = SimulatedOutcome | 'cancelled'

export function runCheck(verifyId: string, method: VerifyMethod): Promise<CheckResult> {
  // The local cloud's face check is simulated (DevTools cannot do a real one either).
  return process.env.TARO_ENV === 'h5' || process.env.TARO_APP_TRANSPORT === 'http' ? runSimulated(verifyId, method) : runWeChat(verifyId, method)
}

function runSimulated(verifyId: string, method: VerifyMethod): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    Taro.eventCenter.once(simEvent(verifyId), (report: SimReport) => {
      resolve(report === 'cancelled' ? 'cancelled' : 'done')
    })
    Taro.navigateTo({ url: `${PAGES.verifySim}?verifyId=${encodeURIComponent(verifyId)}&method=${method}` }).catch(() => {
      Taro.eventCenter.off(simEvent(verifyId))
      reject(new CloudError('INTERNAL', '无法打开认证页面，请重试', ''))
    })
  })
}

type WxFacial = (opts: {
  verifyId: string
  success?: () => void
  fail?: (err: { errMsg?: string; errCode?: number }) => void
}) => void

/**
 * WeChat face verification 2.0: wx.requestFacialVerify with the server's verify id.
 * Pay-password verification has no client API for this app (see adapters/face-wechat), so the
 * server reports it unavailable and the login page never offers it in WeChat.
 */
function runWeChat(verifyId: string, method: VerifyMethod): Promise<CheckResult> {
  const wxApi = (globalThis as unknown as { wx?: { requestFacialVerify?: WxFacial } }).wx
  const requestFacialVerify = wxApi?.requestFacialVerify
  if (method !== 'face' || !requestFacialVerify) {
    return Promise.reject(new CloudError('METHOD_UNAVAILABLE', '当前微信版本不支持该认证方式', '请升级微信后重试，或改用其他认证方式'))
  }
  return new Promise((resolve) => {
    requestFacialVerify({
      verifyId,
      success: () => resolve('done'),
      // A failed or interrupted check is still reported by the server (未能通过人脸检测…);
      // only an explicit cancel returns to the form.
      fail: (err) => resolve(/cancel/i.test(err?.errMsg ?? '') ? 'cancelled' : 'done'),
    })
  })
}
