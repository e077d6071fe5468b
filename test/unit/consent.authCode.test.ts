import { randomBytes } from 'node:crypto'
import { AUTH_CODE_ALPHABET, authCodeOf } from '../../cloudfunctions/domain/consent/authCode'

/** The 授权码 (SPEC §4): 8 symbols, each one of 32 equally likely, from 5 random bytes. */
const bytesOf = (value: number) => Uint8Array.from({ length: 5 }, (_, i) => Math.floor(value / 256 ** (4 - i)) % 256)

describe('authCodeOf', () => {
  it('maps each 5-bit group to its own symbol: every symbol reachable at every position', () => {
    for (let pos = 0; pos < 8; pos++) {
      for (let v = 0; v < 32; v++) {
        const expected = 'AAAAAAAA'.split('')
        expected[pos] = AUTH_CODE_ALPHABET[v]
        expect(authCodeOf(bytesOf(v * 32 ** (7 - pos)))).toBe(expected.join(''))
      }
    }
    expect(authCodeOf(Uint8Array.from([0x00, 0x44, 0x32, 0x14, 0xc7]))).toBe('ABCDEFGH')
    expect(authCodeOf(Uint8Array.from([255, 255, 255, 255, 255]))).toBe('99999999')
  })

  it('over many random codes: 8 symbols from the alphabet, all 32 used, none far from even', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 3200; i++) {
      const code = authCodeOf(randomBytes(5))
      expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
      for (const c of code) counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect([...counts.keys()].sort().join('')).toBe([...AUTH_CODE_ALPHABET].sort().join(''))
    // 25,600 symbols: 800 each expected, standard deviation about 28; ±200 is beyond 7σ.
    for (const n of counts.values()) expect(Math.abs(n - 800)).toBeLessThan(200)
  })

  it('refuses the wrong number of bytes', () => {
    expect(() => authCodeOf(new Uint8Array(4))).toThrow()
  })
})
