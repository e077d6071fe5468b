import type { AppErrorBody, Result } from '../../types/errors'
import { errorBody } from '../domain/errors'

/** A keyed caller's HTTP entry (business system, counter workstation): its event and reply. */
export type KeyedCall = (event: unknown, auth: { authorization: string | undefined; address?: string }) => Promise<{ status: number; body: Result<unknown> }>

type HttpEvent = { httpMethod?: unknown; path?: unknown; headers?: unknown; body?: unknown; isBase64Encoded?: unknown; requestContext?: unknown }

/**
 * The client's address behind CloudBase's gateway: the source the gateway saw, else the last
 * `x-forwarded-for` hop (the one the gateway appended; earlier hops are whatever the client sent).
 */
export function clientAddress(http: HttpEvent): string | undefined {
  const context = (typeof http.requestContext === 'object' && http.requestContext !== null ? http.requestContext : {}) as Record<string, unknown>
  if (typeof context.sourceIp === 'string' && context.sourceIp) return context.sourceIp
  const headers = (typeof http.headers === 'object' && http.headers !== null ? http.headers : {}) as Record<string, unknown>
  const xff = [headers['x-forwarded-for'], headers['X-Forwarded-For']].find((h): h is string => typeof h === 'string')
  const last = xff?.split(',').map((s) => s.trim()).filter(Boolean).pop()
  return last || undefined
}

/** Longer than any action name; the same limit as the local cloud's router. */
const MAX_PATH = 2048

/**
 * The action named by the path's last segment (`/biz/status` → `status`, one trailing slash
 * allowed), each segment decoded on its own. A path that is not a string, not `/…`, too long,
 * badly percent-encoded, with NUL or control characters, with an empty, `.` or `..` segment
 * (encoded or not), or with a `/` inside a segment is refused: it names no action.
 */
export function actionOfPath(path: unknown): { ok: true; action: string } | { ok: false; status: 400 | 414; message: string } {
  if (typeof path !== 'string' || !path.startsWith('/')) return { ok: false, status: 400, message: '请求地址不正确，应为 /<服务>/<操作>' }
  if (path.length > MAX_PATH) return { ok: false, status: 414, message: '请求地址过长，请检查链接是否完整、正确' }
  const segments = path.slice(1).split('/')
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop()
  const decoded: string[] = []
  for (const s of segments) {
    try {
      decoded.push(decodeURIComponent(s))
    } catch {
      return { ok: false, status: 400, message: '请求地址中的“%”编码不正确，请检查链接是否完整、正确' }
    }
  }
  // eslint-disable-next-line no-control-regex
  if (decoded.some((s) => /[\u0000-\u001f\u007f/]/.test(s))) return { ok: false, status: 400, message: '请求地址含有不允许的字符，请检查链接是否正确' }
  if (decoded.some((s) => s === '' || s === '.' || s === '..')) return { ok: false, status: 400, message: '请求地址不正确，应为 /<服务>/<操作>' }
  return { ok: true, action: decoded[decoded.length - 1] }
}

const reply = (status: number, body: Result<unknown> | { ok: false; error: AppErrorBody }, headers: Record<string, string> = {}) =>
  ({ statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) }) as never

/**
 * One deployed function serving two callers: mini-program calls (the platform injects OPENID) go
 * to `mini`; CloudBase HTTP access events (they have `httpMethod` and no OPENID) go to `keyed`,
 * with the action from the last path segment and the body parsed; the status travels with the
 * integration response. A path that names no action or a method other than POST is answered
 * here with the envelope (400/414/405), and `keyed` is not called.
 */
export function withHttpAccess<C>(mini: (event: unknown, context: C) => Promise<Result<unknown>>, keyed: KeyedCall, opts: { corsOrigin?: string } = {}) {
  return async (event: unknown, context: C): Promise<Result<unknown>> => {
    const http = event as HttpEvent
    if (typeof http?.httpMethod !== 'string') return mini(event, context)
    const headers = (typeof http.headers === 'object' && http.headers !== null ? http.headers : {}) as Record<string, unknown>
    // The desk app on static hosting (another origin) may call, and only that origin: CORS for it alone.
    const origin = [headers.origin, headers.Origin].find((h): h is string => typeof h === 'string')
    const cors: Record<string, string> = opts.corsOrigin && origin === opts.corsOrigin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}
    if (http.httpMethod === 'OPTIONS' && cors['access-control-allow-origin']) {
      return { statusCode: 204, headers: { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' }, body: '' } as never
    }
    if (http.httpMethod !== 'POST') {
      return reply(405, { ok: false, error: errorBody('BAD_REQUEST', '不支持的请求方法，此地址只接受 POST 请求') }, { allow: 'POST', ...cors })
    }
    const target = actionOfPath(http.path)
    if (!target.ok) return reply(target.status, { ok: false, error: errorBody('BAD_REQUEST', target.message) }, cors)
    let body: unknown = {}
    try {
      const raw = http.body ?? ''
      if (typeof raw !== 'string') throw new TypeError('body is not a string')
      const text = http.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw
      body = text.trim() ? JSON.parse(text) : {}
    } catch {
      body = null
    }
    const authorization = [headers.authorization, headers.Authorization].find((h): h is string => typeof h === 'string')
    const out = await keyed(body && typeof body === 'object' && !Array.isArray(body) ? { ...body, action: target.action } : { action: target.action }, { authorization, address: clientAddress(http) })
    return reply(out.status, out.body, cors)
  }
}
