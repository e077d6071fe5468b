/** Personal fields at rest: AES-256-GCM ciphertext plus a keyed hash for lookups. */
export interface FieldCipher {
  encrypt(plain: string): string
  decrypt(cipher: string): string
  /** HMAC-SHA-256 under a separate key, hex: stable for lookups, useless without the key. */
  keyedHash(value: string): string
}
