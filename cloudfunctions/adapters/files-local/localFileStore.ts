import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { Clock } from '../../ports/clock'
import type { FileStore } from '../../ports/fileStore'

/** Stored files live a day; the next put sweeps older ones (a development runtime: no scheduler). */
export const LOCAL_FILE_MAX_AGE_MS = 24 * 3600 * 1000
const ID = /^[A-Za-z0-9_-]{22}$/
const Meta = z.object({ name: z.string(), contentType: z.string(), file: z.string(), createdAt: z.number() })

export type LocalFileAnswer =
  | { status: 200; headers: Record<string, string | number>; body: Buffer }
  | { status: 403 | 404; reason: string }

export interface LocalFileStore extends FileStore {
  /** `GET /files/<id>?exp=<ms>&sig=<hmac>` of the local cloud: the file, or why not. */
  open(id: string, exp: string | null, sig: string | null): LocalFileAnswer
}

/**
 * The link key, derived from the local HASH_KEY (HKDF, RFC 5869) so links need no key file of
 * their own and cannot be forged without DATA_DIR/keys.json (or the configured HASH_KEY).
 */
export function fileLinkKey(hashKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', hashKey, Buffer.alloc(0), 'local-cloud/file-links/v1', 32))
}

/**
 * The local cloud's stand-in for CloudBase storage: bytes in `<dir>/<random id>.<ext>` beside a
 * `<id>.json` with the saved name, and links `/files/<id>?exp=&sig=` signed with HMAC-SHA256
 * over id and expiry. Root-relative like the H5 app's `/cloud/…` calls, so a link works on
 * whatever host the page was opened. Expiry follows the cloud's clock (tests move it).
 */
export function createLocalFileStore(opts: { dir: string; key: Uint8Array; clock: Clock }): LocalFileStore {
  const { dir, key, clock } = opts
  if (key.length < 32) throw new Error('file link key must be at least 32 bytes')
  const sign = (id: string, exp: number) => createHmac('sha256', key).update(`${id}\n${exp}`).digest()
  const metaPath = (id: string) => path.join(dir, `${id}.json`)

  const sweep = (now: number) => {
    for (const entry of readdirSync(dir)) {
      if (!entry.endsWith('.json')) continue
      try {
        const meta = Meta.parse(JSON.parse(readFileSync(path.join(dir, entry), 'utf8')))
        if (now - meta.createdAt <= LOCAL_FILE_MAX_AGE_MS) continue
        rmSync(path.join(dir, path.basename(meta.file)), { force: true })
        rmSync(path.join(dir, entry), { force: true })
      } catch {
        // An unreadable sidecar is left alone; one bad file must not stop an export.
      }
    }
  }

  return {
    async put(name, bytes, contentType) {
      mkdirSync(dir, { recursive: true })
      const now = clock.now()
      sweep(now)
      const id = randomBytes(16).toString('base64url')
      const ext = path.extname(name).toLowerCase()
      const file = `${id}${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''}`
      writeFileSync(path.join(dir, file), bytes, { mode: 0o600 })
      // The sidecar last: a file without one is never served.
      writeFileSync(metaPath(id), JSON.stringify({ name, contentType, file, createdAt: now }), { mode: 0o600 })
      return { fileId: id }
    },

    async link(fileId, ttlSeconds) {
      const exp = clock.now() + ttlSeconds * 1000
      return `/files/${fileId}?exp=${exp}&sig=${sign(fileId, exp).toString('base64url')}`
    },

    open(id, exp, sig) {
      if (!ID.test(id) || !exp || !/^\d{1,15}$/.test(exp) || !sig) return { status: 403, reason: 'bad link' }
      const given = Buffer.from(sig, 'base64url')
      const wanted = sign(id, Number(exp))
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { status: 403, reason: 'bad signature' }
      if (clock.now() > Number(exp)) return { status: 403, reason: 'expired' }
      if (!existsSync(metaPath(id))) return { status: 404, reason: 'gone' }
      const meta = Meta.parse(JSON.parse(readFileSync(metaPath(id), 'utf8')))
      const body = readFileSync(path.join(dir, path.basename(meta.file)))
      return {
        status: 200,
        body,
        headers: {
          'content-type': meta.contentType,
          'content-length': body.length,
          'content-disposition': contentDisposition(meta.name),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        },
      }
    },
  }
}

/**
 * `attachment` with an ASCII fallback and the UTF-8 name as `filename*` (RFC 6266 §4.3,
 * RFC 5987 §3.2: ext-value, with `'()*` escaped too since encodeURIComponent leaves them).
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
