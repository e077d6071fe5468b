import { birthCertificateRefusal, registerRefusal } from '../../cloudfunctions/domain/space/claimRefusal'
import type { CredentialPayload } from '../../cloudfunctions/domain/space/credential'
import { detailSections, maskedSummary } from '../../cloudfunctions/domain/space/credentialView'
import { fixture } from '../helpers/cloudClient'

/** Every record of the default fixture as a credential payload. */
const payloads: CredentialPayload[] = [
  ...fixture.people.map((p) => ({ type: 'id_card' as const, data: { name: p.name, idNumber: p.idNumber, sex: p.sex, birthDate: p.birthDate } })),
  ...fixture.households.map((data) => ({ type: 'household_register' as const, data })),
  ...fixture.birthCertificates.map((data) => ({ type: 'birth_certificate' as const, data })),
  ...fixture.realEstateCertificates.map((data) => ({ type: 'property' as const, data })),
]
const everyName = fixture.people.flatMap((p) => [p.name, ...p.formerNames])
const everyId = fixture.people.map((p) => p.idNumber)

describe('credential views', () => {
  it.each(payloads.map((p) => [p.type, p] as const))('%s summary masks every name and number', (_t, p) => {
    const summary = maskedSummary(p)
    for (const id of everyId) expect(summary).not.toContain(id)
    for (const name of everyName) expect(summary).not.toContain(name)
  })

  it('detail sections carry the full fields with stable keys', () => {
    const cert = payloads.find((p) => p.type === 'birth_certificate')!
    const fields = detailSections(cert).flatMap((s) => s.fields)
    expect(fields.map((f) => f.key)).toEqual(expect.arrayContaining(['certificateNumber', 'newbornName', 'mother.idNumber', 'father.idNumber']))
    expect(fields.find((f) => f.key === 'birthTime')?.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  })

  it('explains why a record is not claimable online, each with the 待审类 fallback', () => {
    const refusals = [
      ...fixture.birthCertificates.map(birthCertificateRefusal),
      ...fixture.households.map(registerRefusal),
    ].filter((r) => r !== null)
    // The default fixture has no voided register (seed 000 Q9), so that one is made here.
    const voided = registerRefusal({ ...fixture.households[0], current: false })
    expect(new Set([...refusals, voided].map((r) => r!.code))).toEqual(new Set(['OUTSIDE_COVERAGE', 'NOT_GUANGDONG_REGISTER', 'REGISTER_NOT_ISSUED', 'REGISTER_NOT_CURRENT']))
    for (const r of [...refusals, voided]) expect(r!.fallback).toContain('待审类（含未授权）')
  })
})
