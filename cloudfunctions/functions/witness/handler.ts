import { witnessHttp, type WitnessDeps } from '../../services/witness/witness'

type HttpEvent = { httpMethod?: unknown; path?: unknown; body?: unknown; isBase64Encoded?: unknown }
type HttpReply = { statusCode: number; headers: Record<string, string>; body: string }

const plain = (statusCode: number, body: string, extra: Record<string, string> = {}): HttpReply => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...extra },
  body,
})

/**
 * The `witness` function: C2SP tlog-witness over CloudBase HTTP access only
 * (`tcb service create -p /witness -f witness`, docs/DEPLOY.md "Witness"). The path's part after
 * `/witness/` names the endpoint. Anything that is not an HTTP access event (a mini-program or SDK
 * call) is refused: the witness has no users, only logs and monitors.
 */
export function createWitnessHandler(deps: WitnessDeps, prefix = '/witness/') {
  return async (event: unknown): Promise<HttpReply> => {
    const http = (event ?? {}) as HttpEvent
    if (typeof http.httpMethod !== 'string' || typeof http.path !== 'string') return plain(403, 'the witness answers HTTP only\n')
    const rest = http.path.startsWith(prefix) ? http.path.slice(prefix.length) : http.path.replace(/^\/+/, '')
    const raw = typeof http.body === 'string' ? http.body : ''
    const body = http.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw
    try {
      const r = await witnessHttp(deps, http.httpMethod, rest, body)
      return { statusCode: r.status, headers: { 'content-type': r.contentType, ...(r.allow ? { allow: r.allow } : {}) }, body: r.body }
    } catch (e) {
      // A store failure: nothing was cosigned; the log retries with its next checkpoint.
      console.error(`[witness] ERROR ${e instanceof Error ? e.name : 'error'}`)
      return plain(503, 'the witness could not reach its store; try again\n')
    }
  }
}
