/**
 * 政务码 (seed 004 §2(1), SPEC §6): the holder's short-lived code a counter scans. Pure rules; the
 * service issues, signs and spends codes through the store.
 *
 * - A code is 12 random digits (the number staff can type) and lives 60 s; the phone asks for a
 *   new one every 30 s, so the code on screen always has at least 30 s left.
 * - The QR code carries `ZWM1.<digits>.<expiresAt base36>.<signature>`; the signature is the
 *   server's keyed hash of the rest, so a counter cannot be handed a code the server did not issue
 *   or one whose expiry was edited. Typed digits skip the signature; the stored code decides.
 * - One use: the first counter that scans it spends it (a conditional write on the code's
 *   document); a screenshot of a spent or expired code is refused.
 */
export const GOV_CODE_TTL_MS = 60_000
export const GOV_CODE_ROTATE_MS = 30_000
export const GOV_CODE_DIGITS = 12
const PREFIX = 'ZWM1'

/** 12 digits from random bytes, without modulo bias (rejection sampling over 40 bits per try). */
export function codeDigitsFrom(random: (n: number) => Uint8Array): string {
  const limit = 10 ** GOV_CODE_DIGITS
  const span = 2 ** 40
  const ceiling = span - (span % limit)
  for (;;) {
    const b = random(5)
    let v = 0
    for (const x of b) v = v * 256 + x
    if (v < ceiling) return String(v % limit).padStart(GOV_CODE_DIGITS, '0')
  }
}

/** What the signature covers: the digits and the expiry, nothing personal. */
export const signedPart = (digits: string, expiresAt: number): string => `${PREFIX}.${digits}.${expiresAt.toString(36)}`

export function qrPayload(digits: string, expiresAt: number, signature: string): string {
  return `${signedPart(digits, expiresAt)}.${signature}`
}

/** How a number is shown for typing: three groups of four. */
export const groupDigits = (digits: string): string => digits.replace(/(\d{4})(?=\d)/g, '$1 ')

export type Scanned =
  | { ok: true; kind: 'qr'; digits: string; expiresAt: number; signed: string; signature: string }
  | { ok: true; kind: 'typed'; digits: string }
  | { ok: false }

/** What the counter's scanner or keyboard produced: a QR payload, or the 12 digits (spaces allowed). */
export function parseScanned(input: string): Scanned {
  const text = input.trim()
  const typed = text.replace(/[\s-]/g, '')
  if (/^\d{12}$/.test(typed)) return { ok: true, kind: 'typed', digits: typed }
  const m = /^ZWM1\.(\d{12})\.([0-9a-z]{1,12})\.([0-9a-f]{16,64})$/.exec(text)
  if (!m) return { ok: false }
  const expiresAt = parseInt(m[2], 36)
  if (!Number.isSafeInteger(expiresAt)) return { ok: false }
  return { ok: true, kind: 'qr', digits: m[1], expiresAt, signed: signedPart(m[1], expiresAt), signature: m[3] }
}

export type CodeState = 'live' | 'expired' | 'used'

/** A code counts until the millisecond it expires (like every deadline here: at expiry it is late). */
export function codeState(code: { expiresAt: number; usedAt: number | null }, now: number): CodeState {
  if (code.usedAt !== null) return 'used'
  return now < code.expiresAt ? 'live' : 'expired'
}
