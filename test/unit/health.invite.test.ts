import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import {
  constantTimeEqual,
  fromBase64Url,
  issueTicket,
  toBase64Url,
  verifyTicket,
  type InvitePayload,
} from '../../cloudfunctions/domain/health/invite'

const KEY = new Uint8Array(32).map((_, i) => i + 1)
const OTHER_KEY = new Uint8Array(32).fill(7)
const NOW = Date.UTC(2024, 2, 1, 2, 0, 0)
const PAYLOAD: InvitePayload = { orgId: 'org_3A', issuedBy: 'acct_collector', exp: NOW + 3_600_000, nonce: 'n0nce-AbCdEf123456' }
const ticket = issueTicket(PAYLOAD, KEY)
const [body, sig] = ticket.split('.')

/** Flip one base64url character to another of the alphabet. */
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)

describe('base64url (RFC 4648 §5)', () => {
  it('matches Node for every length up to 40 bytes and round-trips', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff)
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      if (n > 0) expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
    }
  })
  it('is strict: padding, foreign characters, impossible lengths, non-canonical tails', () => {
    expect(fromBase64Url('QQ==')).toBeNull()
    expect(fromBase64Url('QQ+/')).toBeNull()
    expect(fromBase64Url('QUFBQ')).toBeNull()
    expect(fromBase64Url('QR')).toBeNull() // 'QQ' is the canonical form of "A"
    expect(fromBase64Url('QQ')).toEqual(Uint8Array.of(65))
  })
  it('constant-time compare agrees with equality', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true)
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false)
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false)
  })
})

describe('verifyTicket', () => {
  it('accepts a fresh ticket and returns exactly the payload', () => {
    expect(verifyTicket(ticket, KEY, NOW)).toEqual({ ok: true, payload: PAYLOAD })
    expect(sig).toHaveLength(43) // 32 bytes of HMAC-SHA-256
  })
  it('refuses at and after exp as expired, with the Chinese next step', () => {
    expect(verifyTicket(ticket, KEY, PAYLOAD.exp - 1)).toMatchObject({ ok: true })
    const r = verifyTicket(ticket, KEY, PAYLOAD.exp)
    expect(r).toMatchObject({ ok: false, reason: 'expired' })
    expect(r).toMatchObject({ message: '邀请卡片已过期', hint: expect.stringContaining('重新发送邀请卡片') })
    // The next step is said once, in the hint, not repeated in the message (QA: shown twice on the card page).
    expect(r.ok === false && r.message.includes('重新发送')).toBe(false)
  })
  it('refuses a tampered payload: another org, a later expiry, one flipped character', () => {
    const forged = (p: InvitePayload) => `${toBase64Url(new TextEncoder().encode(JSON.stringify(p)))}.${sig}`
    expect(verifyTicket(forged({ ...PAYLOAD, orgId: 'org_other' }), KEY, NOW)).toMatchObject({ ok: false, reason: 'tampered' })
    expect(verifyTicket(forged({ ...PAYLOAD, exp: PAYLOAD.exp + 1e9 }), KEY, NOW + 2 * 3_600_000)).toMatchObject({ reason: 'tampered' })
    expect(verifyTicket(`${flip(body, 5)}.${sig}`, KEY, NOW)).toMatchObject({ ok: false, reason: 'tampered' })
  })
  it('refuses a tampered signature or one made with another key', () => {
    expect(verifyTicket(`${body}.${flip(sig, 0)}`, KEY, NOW)).toMatchObject({ ok: false, reason: 'tampered' })
    expect(verifyTicket(ticket, OTHER_KEY, NOW)).toMatchObject({ ok: false, reason: 'tampered' })
  })
  it('refuses malformed tickets without throwing', () => {
    for (const t of ['', '.', 'abc', `${body}.${sig}.x`, `${body}.`, `.${sig}`, `${body}.${sig.slice(0, 40)}`, `${body}.${sig}=`, `${body} .${sig}`, null, 42, {}]) {
      expect(verifyTicket(t, KEY, NOW)).toMatchObject({ ok: false, reason: 'malformed' })
    }
  })
  it('refuses a correctly signed body that is not a payload as malformed', () => {
    // Signed with the real key, so only the payload check can refuse it.
    const signed = (text: string) => {
      const b = toBase64Url(new TextEncoder().encode(text))
      return `${b}.${toBase64Url(hmac(sha256, KEY, new TextEncoder().encode(b)))}`
    }
    expect(verifyTicket(signed(JSON.stringify(PAYLOAD)), KEY, NOW)).toMatchObject({ ok: true }) // the helper is right
    expect(verifyTicket(signed('not json'), KEY, NOW)).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verifyTicket(signed('{"orgId":"o"}'), KEY, NOW)).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verifyTicket(signed(JSON.stringify({ ...PAYLOAD, exp: 'soon' })), KEY, NOW)).toMatchObject({ reason: 'malformed' })
  })
  it('refuses keys shorter than 32 bytes (configuration error, not user input)', () => {
    expect(() => issueTicket(PAYLOAD, new Uint8Array(16))).toThrow(TypeError)
  })
})

describe('properties', () => {
  it('never throws and never accepts on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.anything()), (t) => {
        expect(verifyTicket(t, KEY, NOW).ok).toBe(false)
      }),
    )
  })
  it('never accepts a ticket with any single character changed', () => {
    fc.assert(
      fc.property(fc.nat(ticket.length - 1), fc.constantFrom(...'AZaz09-_.x'), (i, c) => {
        fc.pre(ticket[i] !== c)
        const r = verifyTicket(ticket.slice(0, i) + c + ticket.slice(i + 1), KEY, NOW)
        expect(r.ok).toBe(false)
      }),
    )
  })
  it('round-trips any payload', () => {
    const text = fc.string({ minLength: 1, maxLength: 64 })
    fc.assert(
      fc.property(text, text, text, fc.integer({ min: NOW + 1, max: Number.MAX_SAFE_INTEGER }), (orgId, issuedBy, nonce, exp) => {
        const p = { orgId, issuedBy, exp, nonce }
        expect(verifyTicket(issueTicket(p, KEY), KEY, NOW)).toEqual({ ok: true, payload: p })
      }),
    )
  })
})
