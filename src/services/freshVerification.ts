import Taro from '@tarojs/taro'
import type { VerifyMethod } from '../../types/auth'
import { METHOD_LABEL } from '../pages/login/labels'
import { reverify } from './auth'
import { callAuth, CloudError } from './cloud'
import { getSessionToken } from './session'

/**
 * SPEC §1: viewing a credential's detail, downloading it, revealing one's identity and signing an
 * authorization need a recent verification. Every place that asks for one goes through here, so
 * the method chosen and the failure's next step are the same everywhere.
 */

export function requireToken(): string {
  const token = getSessionToken()
  if (!token) throw new CloudError('NOT_LOGGED_IN', '请先登录', '登录后即可使用个人数字空间')
  return token
}

/** The user backed out of the fresh check, or stopped after a failure they were told about. */
export class VerificationCancelled extends Error {}

/**
 * Runs `run`; when the server says VERIFICATION_REQUIRED, verifies afresh and retries the same
 * call once with the same input (the download's purpose, the signer's picks are not lost).
 */
export async function withFreshVerification<T>(run: (token: string) => Promise<T>): Promise<T> {
  const token = requireToken()
  try {
    return await run(token)
  } catch (e) {
    if (!(e instanceof CloudError) || e.code !== 'VERIFICATION_REQUIRED') throw e
    if (!(await freshCheck(token))) throw new VerificationCancelled()
    return run(token)
  }
}

/** Which method each check failure belongs to (the server's codes, SPEC §1 failure paths). */
const FAILED_METHOD: Partial<Record<string, VerifyMethod>> = {
  FACE_NO_RECORD: 'face',
  FACE_CHECK_FAILED: 'face',
  WXPAY_CHECK_FAILED: 'wxpay',
}

/**
 * Checks until one passes (true) or the user stops (false). The first check uses the user's
 * default method (the server picks it); after a failure the user may retry or switch method.
 */
async function freshCheck(token: string): Promise<boolean> {
  let method: VerifyMethod | undefined
  for (;;) {
    try {
      return await reverify(token, method)
    } catch (e) {
      if (!(e instanceof CloudError) || !FAILED_METHOD[e.code]) throw e
      const next = await nextStep(e)
      if (!next) return false
      method = next
    }
  }
}

/** The login page's rule: a method is offered when the server says its verifier has it. */
async function isAvailable(method: VerifyMethod): Promise<boolean> {
  const options = await callAuth({ action: 'options' }).catch(() => null)
  return options?.methods.some((m) => m.method === method && m.available) ?? false
}

/**
 * The failure's words come from the server (fresh-check wording, not the login's); the choices
 * are offered right here: 改用<other method> when available, 重试 unless there is no face record.
 */
async function nextStep(error: CloudError): Promise<VerifyMethod | null> {
  const failed = FAILED_METHOD[error.code]!
  const other: VerifyMethod = failed === 'face' ? 'wxpay' : 'face'
  const choices: Array<{ label: string; method: VerifyMethod }> = []
  if (error.code !== 'FACE_NO_RECORD') choices.push({ label: '重试', method: failed })
  if (await isAvailable(other)) choices.push({ label: `改用${METHOD_LABEL[other]}`, method: other })

  if (choices.length === 0) {
    await Taro.showModal({ title: error.message, content: error.hint, showCancel: false, confirmText: '知道了' })
    return null
  }
  // An action sheet, not a modal: WeChat cuts modal button texts at four characters.
  const picked = await Taro.showActionSheet({
    alertText: `${error.message}。${error.hint}`,
    itemList: choices.map((c) => c.label),
  }).catch(() => null)
  return picked ? choices[picked.tapIndex]?.method ?? null : null
}
