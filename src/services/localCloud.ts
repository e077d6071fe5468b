import Taro from '@tarojs/taro'

/**
 * HTTP to the local cloud (`npm start`), the one place that knows how: `fetch` on a path of the
 * page's own origin in H5; `wx.request` (Taro.request) to TARO_APP_CLOUD_URL in the WeChat build
 * made with TARO_APP_TRANSPORT=http. Callers get the status and the parsed JSON body, nothing else,
 * so the two platforms cannot drift apart in what they see.
 */
export interface LocalReply {
  status: number
  body: unknown
}

export interface LocalRequest {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** Sent as JSON. */
  body?: object
  /** Give up after this long (the request is aborted); the caller sees a failed request, as offline. */
  timeoutMs?: number
}

/** Where the local cloud is, as built into the app; '' in H5, which uses its own origin. */
export function localCloudBase(): string {
  if (process.env.TARO_ENV === 'h5') return ''
  return (process.env.TARO_APP_CLOUD_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '')
}

/** A path of the local cloud (`/files/…`, `/cloud/auth`) as a URL this platform can open. */
export function localUrl(pathOrUrl: string): string {
  return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${localCloudBase()}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`
}

export async function localRequest(path: string, req: LocalRequest = {}): Promise<LocalReply> {
  const method = req.method ?? (req.body ? 'POST' : 'GET')
  const headers = { ...(req.body ? { 'Content-Type': 'application/json' } : {}), ...req.headers }
  if (process.env.TARO_ENV === 'h5') {
    const abort = req.timeoutMs ? new AbortController() : null
    const timer = abort ? setTimeout(() => abort.abort(), req.timeoutMs) : undefined
    try {
      const res = await fetch(path, { method, headers, body: req.body ? JSON.stringify(req.body) : undefined, signal: abort?.signal })
      const text = await res.text()
      return { status: res.status, body: parseJson(text) }
    } finally {
      clearTimeout(timer)
    }
  }
  // wx.request: rejects only when no answer came (network, domain check); an HTTP error status
  // is an answer, whose body (the function's error envelope) the caller reads as in H5.
  // dataType json: WeChat parses the body, and hands over the text when it is not JSON.
  // timeout: wx.request aborts the request itself and fails with `request:fail timeout`.
  const res = await Taro.request<unknown>({ url: localUrl(path), method, header: headers, data: req.body, dataType: 'json', ...(req.timeoutMs ? { timeout: req.timeoutMs } : {}) })
  return { status: res.statusCode, body: typeof res.data === 'string' ? parseJson(res.data) : res.data }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
