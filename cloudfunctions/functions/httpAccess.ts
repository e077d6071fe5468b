import type { Result } from '../../types/errors'

/** A keyed caller's HTTP entry (business system, counter workstation): its event and reply. */
export type KeyedCall = (event: unknown, auth: { authorization: string | undefined; address?: string }) => Promise<{ status: number; body: Result<unknown> }>

type HttpEvent = {
  httpMethod?: string; path?: string; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean
  requestContext?: { sourceIp?: string }
}

/**
 * The client's address behind CloudBase's gateway: the source the gateway saw, else the last
 * `x-forwarded-for` hop (the one the gateway appended; earlier hops are whatever the client sent).
 */
export function clientAddress(http: HttpEvent): string | undefined {
  const source = http.requestContext?.sourceIp
  if (typeof source === 'string' && source) return source
  const xff = http.headers?.['x-forwarded-for'] ?? http.headers?.['X-Forwarded-For']
  const last = xff?.split(',').map((s) => s.trim()).filter(Boolean).pop()
  return last || undefined
}

/**
 * One deployed function serving two callers: mini-program calls (the platform injects OPENID) go
 * to `mini`; CloudBase HTTP access events (they have `httpMethod` and no OPENID) go to `keyed`,
 * with the action from the last path segment and the body parsed; the status travels with the
 * integration response.
 */
export function withHttpAccess<C>(mini: (event: unknown, context: C) => Promise<Result<unknown>>, keyed: KeyedCall) {
  return async (event: unknown, context: C): Promise<Result<unknown>> => {
    const http = event as HttpEvent
    if (typeof http?.httpMethod !== 'string') return mini(event, context)
    let body: unknown = {}
    try {
      const text = http.isBase64Encoded ? Buffer.from(http.body ?? '', 'base64').toString('utf8') : http.body ?? ''
      body = text.trim() ? JSON.parse(text) : {}
    } catch {
      body = null
    }
    const action = (http.path ?? '').split('/').filter(Boolean).pop()
    const out = await keyed(body && typeof body === 'object' ? { ...body, action } : { action }, { authorization: http.headers?.authorization ?? http.headers?.Authorization, address: clientAddress(http) })
    return { statusCode: out.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(out.body) } as never
  }
}
