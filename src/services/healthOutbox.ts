import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { CloudError, submitDeclarationWithin } from './cloud'
import { getSessionToken } from './session'
import { createOutbox, OUTBOX_KEY, RETRYABLE, SEND_TIMEOUT_MS, type OutboxEntry, type SendOutcome } from './healthOutboxCore'

/**
 * The phone's queue of daily declarations (healthOutboxCore.ts), on WeChat storage under one key
 * (wx allows 1 MB a key, 10 MB in all; an entry is a few hundred bytes and is trimmed once sent).
 * Resent with the same client id when the network comes back, when the app shows again and when
 * the declarant list opens.
 */

/** Whose queue: the session token names its identity by pseudonym before the first dot (sessionId.ts). */
export function outboxOwner(): string | null {
  const token = getSessionToken()
  return token ? token.split('.')[0] : null
}

async function sendOne(e: OutboxEntry & { form: NonNullable<OutboxEntry['form']> }): Promise<SendOutcome> {
  const token = getSessionToken()
  if (!token || token.split('.')[0] !== e.owner) return { kind: 'retry', error: { code: 'NOT_LOGGED_IN', message: '请先实名认证登录', hint: '登录后将自动发送。' } }
  try {
    const r = await submitDeclarationWithin(
      { action: 'submitDeclaration', sessionToken: token, orgId: e.orgId, declarantId: e.declarantId, day: e.day, clientId: e.clientId, form: e.form },
      SEND_TIMEOUT_MS,
    )
    return { kind: 'sent', submittedAt: r.submittedAt, late: r.late, day: r.day }
  } catch (err) {
    const c = err instanceof CloudError ? err : new CloudError('NETWORK', '网络异常，请检查网络后重试', '')
    const error = { code: c.code, message: c.message, hint: c.hint }
    return RETRYABLE.has(c.code) ? { kind: 'retry', error } : { kind: 'refused', error }
  }
}

export const outbox = createOutbox({
  read: () => Taro.getStorageSync(OUTBOX_KEY),
  // Synchronous: the entry is on the phone before its request leaves, so a kill mid-send loses nothing.
  write: (entries) => Taro.setStorageSync(OUTBOX_KEY, entries),
  send: sendOne,
  now: () => Date.now(),
})

export const flushOutbox = (): Promise<void> => outbox.flush(outboxOwner())

let listening = false
/** From the app's launch: resend when the network comes back (and, in a browser, on its `online` event). */
export function listenForNetwork(): void {
  if (listening) return
  listening = true
  Taro.onNetworkStatusChange((r) => {
    if (r.isConnected) void flushOutbox()
  })
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') window.addEventListener('online', () => void flushOutbox())
}

/** This user's entries, kept current as they are sent. */
export function useOutbox(): OutboxEntry[] {
  const [list, setList] = useState(() => outbox.mine(outboxOwner()))
  useEffect(() => {
    const refresh = () => setList(outbox.mine(outboxOwner()))
    refresh()
    return outbox.subscribe(refresh)
  }, [])
  return list
}
