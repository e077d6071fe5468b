import { choose, eligibility, registerBlock, type SignerFacts } from '../../cloudfunctions/domain/consent/signers'
import { checkAllowList, decideRead } from '../../cloudfunctions/domain/consent/scope'
import { fieldValues, pick } from '../../cloudfunctions/domain/consent/fields'
import { fixture } from '../helpers/cloudClient'

/** Signer rules (seed 000 notes 1–5) over the default fixture's F14 (head = father, matching flat = mother's). */
const DAD = '441302198308010976'
const MUM = '441302198512241085'
const KID = '441302201806061711'
const registersOf = (id: string) => fixture.households.filter((h) => h.members.some((m) => m.idNumber === id))
const owned = (id: string) => fixture.realEstateCertificates.filter((p) => p.owners.some((o) => o.idNumber === id))
const cert = fixture.birthCertificates.find((c) => c.mother.idNumber === MUM)!
const facts = (signer: string, linked = false): SignerFacts => ({
  signerIdNumber: signer,
  studentRegisters: registersOf(KID) as SignerFacts['studentRegisters'],
  birthCertificate: linked ? cert : null,
  properties: owned(signer),
})
const idOf = (x: unknown) => (x as { certificateNumber?: string; householdNumber?: string }).certificateNumber ?? (x as { householdNumber: string }).householdNumber

describe('signer rules', () => {
  it('the register is signed by the household head only', () => {
    expect(eligibility('household_register', facts(DAD), idOf).kind).toBe('signable')
    expect(eligibility('household_register', facts(MUM), idOf)).toMatchObject({ kind: 'not_signer', reason: { code: 'HEAD_ONLY' } })
  })

  it('the birth certificate by either parent on it, once linked', () => {
    expect(eligibility('birth_certificate', facts(MUM, true), idOf).kind).toBe('signable')
    expect(eligibility('birth_certificate', facts(DAD, true), idOf).kind).toBe('signable')
    expect(eligibility('birth_certificate', facts(MUM), idOf)).toMatchObject({ kind: 'not_signer', reason: { code: 'NOT_LINKED' } })
    expect(eligibility('birth_certificate', facts('44130219550302013X', true), idOf)).toMatchObject({ kind: 'not_signer', reason: { code: 'NOT_PARENT' } })
  })

  it('a property by an owner, choosing the one at the register address', () => {
    const mum = eligibility('property', facts(MUM), idOf)
    if (mum.kind !== 'signable') throw new Error(mum.kind)
    expect(mum.options.map((o) => o.matches).sort()).toEqual([false, true])
    const good = mum.options.find((o) => o.matches)!
    expect(choose(mum, good.optionId)).toMatchObject({ optionId: good.optionId })
    expect(choose(mum, undefined)).toMatchObject({ optionId: good.optionId }) // the only matching one
    expect(choose(mum, mum.options.find((o) => !o.matches)!.optionId)).toBe('OPTION_INVALID')
    expect(choose(mum, 'nope')).toBe('OPTION_INVALID')
    // Dad co-owns one flat but not the one at the register address.
    expect(eligibility('property', facts(DAD), idOf)).toMatchObject({ kind: 'not_signer', reason: { code: 'NO_MATCHING_PROPERTY' } })
    expect(eligibility('property', facts(KID), idOf)).toMatchObject({ kind: 'not_signer', reason: { code: 'NOT_OWNER' } })
    expect(choose(eligibility('property', facts(KID), idOf), undefined)).toBe('NOT_RIGHTFUL_SIGNER')
  })

  it('collective household, no register, several registers, non-Guangdong: unsignable with the reason', () => {
    const collective = registersOf('440106201910152684')
    expect(registerBlock(collective as never)).toMatchObject({ code: 'COLLECTIVE_HOUSEHOLD' })
    expect(registerBlock(registersOf('441303202002110224') as never)).toMatchObject({ code: 'NO_REGISTER' })
    expect(registerBlock(registersOf('441402201705200538') as never)).toMatchObject({ code: 'SEVERAL_REGISTERS' })
    expect(registerBlock(registersOf('430102201811020689') as never)).toMatchObject({ code: 'NOT_GUANGDONG' })
    const e = eligibility('household_register', { ...facts(MUM), studentRegisters: collective as never }, idOf)
    expect(e).toMatchObject({ kind: 'unsignable', reason: { code: 'COLLECTIVE_HOUSEHOLD' } })
    expect(choose(e, undefined)).toBe('PART_UNAVAILABLE')
  })
})

describe('field-level scope', () => {
  it('requests stay inside the allow-list', () => {
    const allow = { household_register: ['address', 'studentName'], property: ['address'] }
    expect(checkAllowList(allow, {}, ['household_register', 'property'])).toEqual({ ok: true, fields: { household_register: ['address', 'studentName'], property: ['address'] } })
    expect(checkAllowList(allow, { property: ['ownerNames'] }, ['property'])).toEqual({ ok: false, part: 'property', field: 'ownerNames' })
    expect(checkAllowList(allow, {}, ['birth_certificate'])).toEqual({ ok: false, part: 'birth_certificate', field: null })
    expect(checkAllowList({ property: ['bogus'] }, {}, ['property'])).toMatchObject({ ok: false, field: 'bogus' })
  })

  it('reads only inside a valid consent', () => {
    const c = { state: 'active' as const, expiresAt: 100, fields: ['address'] }
    expect(decideRead(c, undefined, 1)).toEqual({ ok: true, fields: ['address'] })
    expect(decideRead(c, ['address', 'ownerNames'], 1)).toEqual({ ok: false, why: 'outside_scope', outside: ['ownerNames'] })
    expect(decideRead(c, [], 1)).toMatchObject({ ok: false, why: 'outside_scope' })
    expect(decideRead({ ...c, state: 'revoked' }, undefined, 1)).toMatchObject({ ok: false, why: 'revoked' })
    expect(decideRead(c, undefined, 100)).toMatchObject({ ok: false, why: 'expired' })
    expect(decideRead(null, ['address'], 1)).toMatchObject({ ok: false, why: 'no_consent' })
  })

  it('only the consented fields leave the snapshot', () => {
    const reg = registersOf(KID)[0] as never
    const values = fieldValues({ part: 'household_register', register: reg, studentIdNumber: KID })
    expect(values).toMatchObject({ studentName: '何沐阳', headName: '何俊杰', studentRelation: '子' })
    expect(pick(values, ['studentName'])).toEqual({ studentName: '何沐阳' })
  })
})
