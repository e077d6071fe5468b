import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorBody } from '../domain/errors'
import type { KeyedCall } from '../functions/httpAccess'

export const BODY_LIMIT = 64 * 1024

export class BodyTooLarge extends Error {}

/** Reads the request body, refusing more than 64 KB (no event is anywhere near that). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    // Past the limit the rest is read and dropped, not left unread: answering while the client is
    // still sending resets the connection, and the caller would see a network error instead of
    // the clear 413 envelope.
    if (size <= BODY_LIMIT) chunks.push(chunk as Buffer)
  }
  if (size > BODY_LIMIT) throw new BodyTooLarge()
  return Buffer.concat(chunks).toString('utf8')
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentType(ext: string): string {
  return TYPES[ext.toLowerCase()] ?? 'application/octet-stream'
}

/**
 * `POST /<prefix>/<action>` for a keyed caller (business system, counter workstation): the body as
 * the event with the action from the path (decoded by the router), the Authorization header as its
 * only credential.
 */
export function keyedRoute(call: KeyedCall) {
  return async (action: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req)
    let body: unknown
    try {
      body = text.trim() === '' ? {} : JSON.parse(text)
    } catch {
      return sendJson(res, 400, { ok: false, error: errorBody('BAD_REQUEST', '请求内容不是有效的 JSON') })
    }
    const event = body && typeof body === 'object' && !Array.isArray(body) ? { ...body, action } : { action }
    // The socket's peer, never a header: the local server has no proxy in front that could vouch for one.
    const out = await call(event, { authorization: req.headers.authorization, address: req.socket.remoteAddress })
    sendJson(res, out.status, out.body)
  }
}
