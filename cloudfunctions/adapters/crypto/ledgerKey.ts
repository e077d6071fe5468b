import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * A 32-byte secret from config (base64), or generated once into DATA_DIR/<file> (mode 600) and
 * reused, like keys.json (fieldCipher.ts): the ledger's checkpoint key must survive restarts or
 * every device that pinned it would warn.
 */
export function loadOrCreateSecret(dataDir: string, file: string, configured?: string): Uint8Array {
  if (configured) return Buffer.from(configured, 'base64')
  const full = path.join(dataDir, file)
  if (existsSync(full)) {
    const key = Buffer.from(readFileSync(full, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new Error(`${full}: expected a base64 32-byte key`)
    return new Uint8Array(key)
  }
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(full, key.toString('base64'), { mode: 0o600, flag: 'wx' })
  chmodSync(full, 0o600)
  return new Uint8Array(key)
}

/** The signed-note key name: the origin's host part plus `-ledger` (printable, no spaces or `+`). */
export const ledgerKeyName = (origin: string) => `${origin.split('/')[0]}-ledger`
