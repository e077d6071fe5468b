import { applicationResult, markUnavailable, requestStatus, revoke, sign, type AuthRequestState } from '../../cloudfunctions/domain/consent/request'

/** The request state machine (SPEC §4): every transition and every refusal. */
const T0 = 1_000_000
const base = (): AuthRequestState => ({
  createdAt: T0,
  expiresAt: T0 + 10_000,
  version: 1,
  parts: [
    { key: 'household_register', fields: ['address', 'studentName'], status: 'pending', consentId: null, signerId: null, signerLabel: null, reason: null, updatedAt: T0 },
    { key: 'property', fields: ['address'], status: 'pending', consentId: null, signerId: null, signerLabel: null, reason: null, updatedAt: T0 },
  ],
})
const sig = (signerId = 'dad', fields = ['address']) => ({ consentId: `c-${signerId}`, signerId, signerLabel: '**杰', fields })
const ok = <T>(t: { ok: true; request: T } | { ok: false; refusal: string }): T => {
  if (!t.ok) throw new Error(t.refusal)
  return t.request
}

describe('consent request: transitions', () => {
  it('pending → signed, bumping the version; other parts untouched', () => {
    const r = ok(sign(base(), 'household_register', sig(), T0 + 1))
    expect(r.parts[0]).toMatchObject({ status: 'signed', consentId: 'c-dad', signerId: 'dad', updatedAt: T0 + 1 })
    expect(r.parts[1].status).toBe('pending')
    expect(r.version).toBe(2)
    expect(requestStatus(r, T0 + 1)).toBe('open')
  })

  it('two signers complete it: 网上证照已授权', () => {
    const r = ok(sign(ok(sign(base(), 'household_register', sig('dad'), T0 + 1)), 'property', sig('mum'), T0 + 2))
    expect(requestStatus(r, T0 + 3)).toBe('complete')
    expect(applicationResult(r, T0 + 3)).toEqual({ type: '网上证照已授权', reasons: [] })
  })

  it('signed → revoked → signed again (重新授权)', () => {
    const signed = ok(sign(base(), 'property', sig('mum'), T0 + 1))
    const revoked = ok(revoke(signed, 'property', 'mum', T0 + 2))
    expect(revoked.parts[1].status).toBe('revoked')
    expect(applicationResult(revoked, T0 + 2).reasons.map((x) => x.code)).toContain('REVOKED')
    const again = ok(sign(revoked, 'property', { ...sig('mum'), consentId: 'c2' }, T0 + 3))
    expect(again.parts[1]).toMatchObject({ status: 'signed', consentId: 'c2' })
  })

  it('pending → unavailable (集体户): complete but 待审类（含未授权） with the reason', () => {
    const reason = { code: 'COLLECTIVE_HOUSEHOLD', message: '集体户' }
    const r = ok(sign(ok(markUnavailable(base(), 'household_register', reason, T0 + 1)), 'property', sig('mum'), T0 + 2))
    expect(requestStatus(r, T0 + 2)).toBe('complete')
    expect(applicationResult(r, T0 + 2)).toEqual({ type: '待审类（含未授权）', reasons: [reason] })
  })

  it('expiry: status expired, and the result is pending with EXPIRED', () => {
    const r = ok(sign(ok(sign(base(), 'household_register', sig('dad'), T0 + 1)), 'property', sig('mum'), T0 + 2))
    expect(requestStatus(r, T0 + 10_000)).toBe('expired')
    expect(applicationResult(r, T0 + 10_000).type).toBe('待审类（含未授权）')
    expect(requestStatus(base(), T0 + 10_000)).toBe('expired')
  })

  it('a family member’s 无法在线授权 is a fallback, not a veto: the rightful signer still signs that part', () => {
    const declared = ok(markUnavailable(base(), 'property', { code: 'NO_E_CERTIFICATE', message: '房产无法领取电子证照' }, T0 + 1))
    expect(applicationResult(declared, T0 + 1).reasons.map((x) => x.code)).toContain('NO_E_CERTIFICATE')
    const r = ok(sign(declared, 'property', sig('mum'), T0 + 2))
    expect(r.parts[1]).toMatchObject({ status: 'signed', signerId: 'mum', reason: null })
    expect(applicationResult(ok(sign(r, 'household_register', sig('dad'), T0 + 3)), T0 + 3)).toEqual({ type: '网上证照已授权', reasons: [] })
  })

  it('revoke is allowed after expiry (it only takes away)', () => {
    const r = ok(sign(base(), 'property', sig('mum'), T0 + 1))
    expect(revoke(r, 'property', 'mum', T0 + 20_000).ok).toBe(true)
  })
})

describe('consent request: refusals change nothing', () => {
  const signed = () => ok(sign(base(), 'household_register', sig('dad'), T0 + 1))
  it.each([
    ['sign after expiry', () => sign(base(), 'property', sig(), T0 + 10_000), 'REQUEST_EXPIRED'],
    ['sign an unknown part', () => sign(base(), 'birth_certificate', sig(), T0), 'PART_NOT_FOUND'],
    ['sign an unavailable part', () => sign(ok(markUnavailable(base(), 'property', { code: 'X', message: 'x' }, T0)), 'property', sig(), T0), 'PART_UNAVAILABLE'],
    ['sign a signed part', () => sign(signed(), 'household_register', sig('mum'), T0 + 2), 'ALREADY_SIGNED'],
    ['sign with no field', () => sign(base(), 'property', sig('mum', []), T0), 'SCOPE_INVALID'],
    ['sign a field the request did not ask for', () => sign(base(), 'property', sig('mum', ['ownerNames']), T0), 'SCOPE_INVALID'],
    ['sign a field twice', () => sign(base(), 'household_register', sig('dad', ['address', 'address']), T0), 'SCOPE_INVALID'],
    ['revoke a pending part', () => revoke(base(), 'property', 'mum', T0), 'NOT_SIGNED'],
    ['revoke an unknown part', () => revoke(base(), 'birth_certificate', 'mum', T0), 'PART_NOT_FOUND'],
    ['revoke someone else’s signature', () => revoke(signed(), 'household_register', 'mum', T0 + 2), 'NOT_RIGHTFUL_SIGNER'],
    ['revoke twice', () => revoke(ok(revoke(signed(), 'household_register', 'dad', T0 + 2)), 'household_register', 'dad', T0 + 3), 'NOT_SIGNED'],
    ['mark a signed part unavailable', () => markUnavailable(signed(), 'household_register', { code: 'X', message: 'x' }, T0 + 2), 'ALREADY_SIGNED'],
    ['mark an unavailable part again', () => markUnavailable(ok(markUnavailable(base(), 'property', { code: 'X', message: 'x' }, T0)), 'property', { code: 'X', message: 'x' }, T0), 'PART_UNAVAILABLE'],
    ['declare a part after expiry', () => markUnavailable(base(), 'property', { code: 'NO_PROPERTY', message: '无房产' }, T0 + 10_000), 'REQUEST_EXPIRED'],
    ['sign a declared part after expiry', () => sign(ok(markUnavailable(base(), 'property', { code: 'NO_PROPERTY', message: 'x' }, T0)), 'property', sig(), T0 + 10_000), 'REQUEST_EXPIRED'],
    ['mark an unknown part', () => markUnavailable(base(), 'birth_certificate', { code: 'X', message: 'x' }, T0), 'PART_NOT_FOUND'],
  ])('%s → %s', (_name, run, code) => {
    const before = JSON.stringify(base())
    expect(run()).toEqual({ ok: false, refusal: code })
    expect(JSON.stringify(base())).toBe(before)
  })
})
