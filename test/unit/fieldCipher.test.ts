import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { createFieldCipher, loadOrCreateKeys } from '../../cloudfunctions/adapters/crypto/fieldCipher'

const keys = () => ({ fieldKey: randomBytes(32), hashKey: randomBytes(32) })

describe('fieldCipher', () => {
  it('round-trips Chinese text and uses a fresh IV each time', () => {
    const c = createFieldCipher(keys())
    const a = c.encrypt('张子翔 441302198506120324')
    const b = c.encrypt('张子翔 441302198506120324')
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('441302')
    expect(c.decrypt(a)).toBe('张子翔 441302198506120324')
    expect(c.decrypt(c.encrypt(''))).toBe('')
  })

  it('detects tampering with the ciphertext, tag or iv', () => {
    const c = createFieldCipher(keys())
    const [v, iv, tag, ct] = c.encrypt('441302198506120324').split('.')
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url')
      buf[0] ^= 1
      return buf.toString('base64url')
    }
    expect(() => c.decrypt([v, iv, tag, flip(ct)].join('.'))).toThrow()
    expect(() => c.decrypt([v, iv, flip(tag), ct].join('.'))).toThrow()
    expect(() => c.decrypt([v, flip(iv), tag, ct].join('.'))).toThrow()
    expect(() => c.decrypt(['v2', iv, tag, ct].join('.'))).toThrow()
    expect(() => c.decrypt('garbage')).toThrow()
  })

  it('cannot decrypt under another key; keyed hashes differ per hash key and are stable', () => {
    const k1 = keys()
    const c1 = createFieldCipher(k1)
    const c2 = createFieldCipher(keys())
    expect(() => c2.decrypt(c1.encrypt('x'))).toThrow()
    expect(c1.keyedHash('441302198506120324')).toBe(createFieldCipher(k1).keyedHash('441302198506120324'))
    expect(c1.keyedHash('441302198506120324')).toMatch(/^[0-9a-f]{64}$/)
    expect(c1.keyedHash('441302198506120324')).not.toBe(c2.keyedHash('441302198506120324'))
  })

  it('generates keys once into keys.json with mode 0600 and reuses them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keys-'))
    try {
      const first = loadOrCreateKeys(dir, {})
      const file = path.join(dir, 'keys.json')
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(loadOrCreateKeys(dir, {})).toEqual(first)
      expect(first.fieldKey.equals(first.hashKey)).toBe(false)
      const given = randomBytes(32).toString('base64')
      expect(loadOrCreateKeys(dir, { FIELD_KEY: given, HASH_KEY: given }).fieldKey.toString('base64')).toBe(given)
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('fieldKey')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
