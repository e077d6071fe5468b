import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { FieldCipher } from '../../ports/cipher'

/**
 * Personal fields at rest (ARCHITECTURE.md: never stored in clear). AES-256-GCM with a random
 * 96-bit IV per value; the GCM tag makes any tampering fail loudly on decrypt.
 * Format `v1.<iv>.<tag>.<ct>` (base64url) so the scheme can change without guessing.
 */
export function createFieldCipher(keys: { fieldKey: Buffer; hashKey: Buffer }): FieldCipher {
  if (keys.fieldKey.length !== 32 || keys.hashKey.length !== 32) throw new Error('keys must be 32 bytes')
  return {
    encrypt(plain) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', keys.fieldKey, iv)
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return ['v1', iv, c.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
    },
    decrypt(cipher) {
      const [v, iv, tag, ct] = cipher.split('.')
      if (v !== 'v1' || iv === undefined || tag === undefined || ct === undefined) throw new Error('unknown cipher format')
      const d = createDecipheriv('aes-256-gcm', keys.fieldKey, Buffer.from(iv, 'base64url'))
      d.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8')
    },
    // A separate key: leaking the hash key alone cannot decrypt, and vice versa.
    keyedHash: (value) => createHmac('sha256', keys.hashKey).update(value, 'utf8').digest('hex'),
  }
}

const KeysFile = z.object({ fieldKey: z.string(), hashKey: z.string() })

/**
 * Keys from config when given; otherwise generated once into DATA_DIR/keys.json (mode 0600) and
 * reused, so a local cloud restart can still read its own database.
 */
export function loadOrCreateKeys(
  dataDir: string,
  config: { FIELD_KEY?: string; HASH_KEY?: string },
): { fieldKey: Buffer; hashKey: Buffer } {
  if (config.FIELD_KEY && config.HASH_KEY) {
    return { fieldKey: Buffer.from(config.FIELD_KEY, 'base64'), hashKey: Buffer.from(config.HASH_KEY, 'base64') }
  }
  const file = path.join(dataDir, 'keys.json')
  let stored: z.infer<typeof KeysFile>
  if (existsSync(file)) {
    stored = KeysFile.parse(JSON.parse(readFileSync(file, 'utf8')))
  } else {
    mkdirSync(dataDir, { recursive: true })
    stored = { fieldKey: randomBytes(32).toString('base64'), hashKey: randomBytes(32).toString('base64') }
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
  }
  return {
    fieldKey: Buffer.from(config.FIELD_KEY ?? stored.fieldKey, 'base64'),
    hashKey: Buffer.from(config.HASH_KEY ?? stored.hashKey, 'base64'),
  }
}
