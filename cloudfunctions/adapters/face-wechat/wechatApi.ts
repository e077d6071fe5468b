/** A WeChat server API answered with a non-zero errcode (or not with JSON at all). */
export class WeChatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${api} failed: errcode ${errcode} ${errmsg}`)
    this.name = 'WeChatApiError'
  }
}

/** access_token invalid / expired / not the latest: worth one retry with a re-read token. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001])

export type WeChatReply = { errcode?: number; errmsg?: string } & Record<string, unknown>

/** POST JSON, parse JSON; WeChat reports failures in the body with HTTP 200. */
export async function postJson(fetchFn: typeof fetch, api: string, url: string, body: unknown): Promise<WeChatReply> {
  const res = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new WeChatApiError(api, -res.status, `HTTP ${res.status}`)
  const json = (await res.json()) as unknown
  if (!json || typeof json !== 'object') throw new WeChatApiError(api, -1, 'reply is not a JSON object')
  return json as WeChatReply
}

/** Throws unless `errcode` is absent or 0. */
export function ok(api: string, reply: WeChatReply): WeChatReply {
  const errcode = Number(reply.errcode ?? 0)
  if (errcode !== 0) throw new WeChatApiError(api, errcode, String(reply.errmsg ?? ''))
  return reply
}
