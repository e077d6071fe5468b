/**
 * The 授权码 (SPEC §4): 8 symbols from 32 that cannot be misread (no I, O, 0, 1). 32 is 2^5, so
 * 5 random bytes = 40 bits = 8 symbols of exactly 5 bits each: every symbol equally likely, no
 * modulo bias. Pure: the caller supplies the random bytes.
 */
export const AUTH_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const AUTH_CODE_BYTES = 5

export function authCodeOf(bytes: Uint8Array): string {
  if (bytes.length !== AUTH_CODE_BYTES) throw new Error(`authCodeOf needs ${AUTH_CODE_BYTES} bytes`)
  // 40 bits fit a double exactly (< 2^53).
  let value = bytes.reduce((v, b) => v * 256 + b, 0)
  let out = ''
  for (let i = 0; i < 8; i++) {
    out = AUTH_CODE_ALPHABET[value % 32] + out
    value = Math.floor(value / 32)
  }
  return out
}
