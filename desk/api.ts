import type { DeskAction, DeskData, DeskEvent } from '../types/counter'

/**
 * The one typed client of the counter API (`POST <base>/counter/api/<action>`), for the
 * workstation and the 评价器 alike. The event and result types are the cloud function's own
 * (types/counter.ts), so a renamed field fails the desk's typecheck, not a window at 9 a.m.
 */

/** What the API refused, as its envelope says: a stable code, a Chinese message, a next step. */
export class DeskFailure extends Error {
  constructor(readonly code: string, message: string, readonly hint: string) {
    super(message)
  }
  /** One line for a person: what happened, then what to do. */
  get text(): string {
    return this.hint ? `${this.message}。${this.hint}` : this.message
  }
}

type Body<A extends DeskAction> = Omit<Extract<DeskEvent, { action: A }>, 'action'>

export interface DeskClient {
  call<A extends DeskAction>(action: A, body: Body<A>): Promise<DeskData[A]>
}

/** Where the API is: the same origin locally; on static hosting, the counter function's HTTP access domain (DESK_API_BASE at build time). */
declare const DESK_API_BASE: string
export const apiBase = (): string => (typeof DESK_API_BASE === 'string' ? DESK_API_BASE : '')

export function createDeskClient(opts: {
  credential: () => string | null
  /** The credential was refused (signed out, idle, unpaired): the page goes back to its start and says why. */
  onUnauthorized?: (why: DeskFailure) => void
  fetchImpl?: typeof fetch
}): DeskClient {
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  return {
    async call(action, body) {
      const credential = opts.credential()
      let res: Response
      try {
        res = await doFetch(`${apiBase()}/counter/api/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
          body: JSON.stringify(body),
        })
      } catch {
        throw new DeskFailure('NETWORK', '网络异常，未能连接受理系统', '请检查窗口网络后重试')
      }
      let out: { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; hint?: string } }
      try {
        out = await res.json()
      } catch {
        throw new DeskFailure('NETWORK', '受理系统暂时无法应答', '请稍后重试')
      }
      if (!out.ok) {
        const failure = new DeskFailure(out.error.code, out.error.message, out.error.hint ?? '')
        if (res.status === 401 && action !== 'signIn' && action !== 'signOut' && action !== 'pair') opts.onUnauthorized?.(failure)
        throw failure
      }
      return out.data as DeskData[typeof action]
    },
  }
}

/** Any thrown value as a DeskFailure (a bug in the page reads as one too, never a blank). */
export const asFailure = (err: unknown): DeskFailure =>
  err instanceof DeskFailure ? err : new DeskFailure('CLIENT', '页面出错', '请刷新页面后重试')

/** Times at the counter are Beijing time, whatever the workstation's clock zone. */
export function beijing(ms: number): string {
  const d = new Date(ms + 8 * 3600_000).toISOString()
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`
}
