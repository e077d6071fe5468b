import Taro from '@tarojs/taro'
import type { z } from 'zod'
import { AuthResults, type AuthAction, type AuthData, type AuthEvent } from '../../types/auth'
import type { ErrorCode } from '../../types/errors'
import { SpaceResults, type SpaceAction, type SpaceData, type SpaceEvent } from '../../types/space'
import { HealthEvent, HealthResults, type HealthAction, type HealthData } from '../../types/health'
import { ConsentResults, type ConsentAction, type ConsentData, type ConsentEvent } from '../../types/consent'
import { CounterResults, type CounterAction, type CounterData, type CounterEvent } from '../../types/counter'
import { getDemoOpenid } from './demoUser'
import { localRequest } from './localCloud'
import { PAGES } from './platform'
import { clearSessionToken } from './session'

/**
 * The one transport to the cloud functions (ARCHITECTURE.md): Taro.cloud.callFunction in
 * WeChat, `POST /cloud/<fn>` with the demo openid to the local cloud in H5 and in the weapp build
 * made with TARO_APP_TRANSPORT=http (wx.request). Pages never call this directly.
 */
export type ClientErrorCode = ErrorCode | 'NETWORK'

export class CloudError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly hint: string,
  ) {
    super(message)
    this.name = 'CloudError'
  }
}

const NETWORK_MESSAGE = '网络异常，请检查网络后重试'
/** The session is gone: the server says why (已在其他设备登录 …), then the user logs in again. */
const SESSION_LOST: ReadonlySet<ClientErrorCode> = new Set(['SESSION_REPLACED', 'SESSION_EXPIRED', 'NOT_LOGGED_IN'])

/**
 * Picked by inline env tests, outside any async function, so the build folds the choice and drops
 * the unused one: the production WeChat package carries no local-cloud path (test/build).
 */
function post(name: string, data: object, timeoutMs?: number): Promise<unknown> {
  return process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_TRANSPORT !== 'http' ? postCloudBase(name, data, timeoutMs) : postLocal(name, data, timeoutMs)
}

/** No answer within `timeoutMs`: the caller is told NETWORK (the function may still run: only an idempotent call may ask for this). */
export class Timeout extends Error {}

async function postCloudBase(name: string, data: object, timeoutMs?: number): Promise<unknown> {
  const call = Taro.cloud.callFunction({ name, data: data as Record<string, unknown> })
  if (!timeoutMs) return (await call).result
  // wx.cloud.callFunction cannot be aborted: the caller stops waiting, and its same client id makes a later resend a replay.
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const res = await Promise.race([call, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout()), timeoutMs)))])
    return res.result
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The local cloud (H5, or weapp built with TARO_APP_TRANSPORT=http): the same event, with the demo
 * user's openid in the header that stands for the OPENID CloudBase injects.
 */
async function postLocal(name: string, data: object, timeoutMs?: number): Promise<unknown> {
  const openid = getDemoOpenid()
  if (!openid) {
    // No demo WeChat user chosen yet: the home page shows the picker first.
    void Taro.reLaunch({ url: PAGES.home })
    throw new CloudError('NOT_LOGGED_IN', '请先选择演示微信用户', '')
  }
  const res = await localRequest(`/cloud/${name}`, { method: 'POST', headers: { 'X-WX-OPENID': openid }, body: data, timeoutMs })
  return res.body
}

/** True when the transport has already told the user and is taking them to the login page. */
export const isSessionLost = (e: unknown): boolean => e instanceof CloudError && SESSION_LOST.has(e.code)

let sessionNoticeOpen = false

async function endSession(message: string, hint: string): Promise<void> {
  clearSessionToken()
  if (sessionNoticeOpen) return
  sessionNoticeOpen = true
  try {
    await Taro.showModal({ title: message, content: hint || '请重新登录', showCancel: false, confirmText: '确定' })
  } finally {
    sessionNoticeOpen = false
  }
  await Taro.reLaunch({ url: PAGES.login })
}

/** Calls one function and parses its envelope with the given result schema. */
async function call<S extends z.ZodTypeAny>(name: string, event: object, schema: S, timeoutMs?: number): Promise<unknown> {
  let raw: unknown
  try {
    raw = await post(name, event, timeoutMs)
  } catch (e) {
    if (e instanceof CloudError) throw e
    throw new CloudError('NETWORK', NETWORK_MESSAGE, '')
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw new CloudError('INTERNAL', '服务返回异常，请稍后重试', '')
  const result = parsed.data as { ok: true; data: unknown } | { ok: false; error: { code: ErrorCode; message: string; hint: string } }
  if (result.ok) return result.data
  const { code, message, hint } = result.error
  if (SESSION_LOST.has(code)) void endSession(message, hint)
  throw new CloudError(code, message, hint)
}

type EventOf<A extends AuthAction> = Extract<AuthEvent, { action: A }>

export function callAuth<A extends AuthAction>(event: EventOf<A>): Promise<AuthData[A]> {
  return call('auth', event, AuthResults[event.action]) as Promise<AuthData[A]>
}

/** Events as the caller writes them (defaults such as history's `limit` may be left out). */
type SpaceEventOf<A extends SpaceAction> = Extract<z.input<typeof SpaceEvent>, { action: A }>

export function callSpace<A extends SpaceAction>(event: SpaceEventOf<A>): Promise<SpaceData[A]> {
  return call('space', event, SpaceResults[event.action]) as Promise<SpaceData[A]>
}

/** Events as the caller writes them (the workbench's filter, offset and limit have defaults). */
type HealthEventOf<A extends HealthAction> = Extract<z.input<typeof HealthEvent>, { action: A }>

export function callHealth<A extends HealthAction>(event: HealthEventOf<A>): Promise<HealthData[A]> {
  return call('health', event, HealthResults[event.action]) as Promise<HealthData[A]>
}

/**
 * A daily declaration with a time limit (healthOutbox.ts): idempotent by its client id, so giving
 * up on a slow answer and resending later cannot count it twice. Nothing else gets a time limit.
 */
export function submitDeclarationWithin(event: HealthEventOf<'submitDeclaration'>, timeoutMs: number): Promise<HealthData['submitDeclaration']> {
  return call('health', event, HealthResults.submitDeclaration, timeoutMs) as Promise<HealthData['submitDeclaration']>
}

/** Events as the caller writes them (SPEC §4 consent: open, sign, mine, revoke, reauthorize, proof). */
type ConsentEventOf<A extends ConsentAction> = Extract<z.input<typeof ConsentEvent>, { action: A }>

export function callConsent<A extends ConsentAction>(event: ConsentEventOf<A>): Promise<ConsentData[A]> {
  return call('consent', event, ConsentResults[event.action]) as Promise<ConsentData[A]>
}

/** Counter use (免证办): 政务码, the 服务授权 a counter pushed, the holder's answer. */
type CounterEventOf<A extends CounterAction> = Extract<z.input<typeof CounterEvent>, { action: A }>

export function callCounter<A extends CounterAction>(event: CounterEventOf<A>): Promise<CounterData[A]> {
  return call('counter', event, CounterResults[event.action]) as Promise<CounterData[A]>
}
