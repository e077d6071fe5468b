import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The invitation-card signing key (domain/health/invite.ts): HEALTH_INVITE_KEY from config, or
 * locally generated once into DATA_DIR/health-invite.key (mode 600) so cards survive restarts.
 */
export function loadOrCreateInviteKey(dataDir: string, configured?: string): Uint8Array {
  if (configured) return Buffer.from(configured, 'base64')
  const file = path.join(dataDir, 'health-invite.key')
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new Error(`${file}: expected a base64 32-byte key`)
    return key
  }
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return key
}
