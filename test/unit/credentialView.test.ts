import { birthCertificateRefusal, minorClaimRefusal, noRecordRefusal, registerRefusal } from '../../cloudfunctions/domain/space/claimRefusal'
import type { CredentialPayload } from '../../cloudfunctions/domain/space/credential'
import { detailSections, maskAddress, maskCertificateNumber, maskedSections, maskedSummary } from '../../cloudfunctions/domain/space/credentialView'
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
  it.each(payloads.map((p) => [p.type, p] as const))('%s masked detail keeps every field row, no clear name, number or street', (_t, p) => {
    const full = detailSections(p)
    const masked = maskedSections(p)
    expect(masked.map((s) => s.fields.map((f) => f.label))).toEqual(full.map((s) => s.fields.map((f) => f.label)))
    expect(masked.flatMap((s) => s.fields).length).toBeGreaterThan(0)
    const text = JSON.stringify(masked)
    for (const id of everyId) expect(text).not.toContain(id)
    for (const name of everyName) expect(text).not.toContain(name)
    if (p.type === 'property') expect(text).not.toContain(p.data.address)
    if (p.type === 'id_card') expect(text).not.toContain(p.data.birthDate)
  })

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

  it('the register detail shows the address once, whether or not it repeats province and city', () => {
    const register = payloads.find((p) => p.type === 'household_register' && p.data.householdNumber === '441302058')!
    const address = (p: CredentialPayload) => detailSections(p)[0].fields.find((f) => f.key === 'address')?.value
    expect(address(register)).toBe('广东省惠州市惠城区江北街道文昌一路9号华贸天地3栋1802房')
    if (register.type !== 'household_register') throw new Error('type')
    const short = { ...register, data: { ...register.data, address: '惠城区江北街道文昌一路9号' } }
    expect(address(short)).toBe('广东省惠州市惠城区江北街道文昌一路9号')
  })

  it('a property row keeps the certificate number’s brackets and 第…号, and the district', () => {
    const rows = payloads.filter((p) => p.type === 'property').map(maskedSummary)
    expect(rows).toContain('粤（2018）惠州市不动产权第****027号 · 广东省惠州市惠城区****')
    expect(rows).toContain('粤（2020）惠州市不动产权第****908号 · 广东省惠州市惠阳区****')
    for (const row of rows) {
      expect(row).toMatch(/^粤（\d{4}）\S+?市不动产权第\*+\d{3}号 · \S+?(区|县|市)\*{4}$/)
      // Neither the street nor the door number is on a list row.
      expect(row).not.toMatch(/街道|路|栋|房/)
    }
    // Two properties of one owner (seed 000 note 4) can be told apart on the list.
    expect(new Set(rows).size).toBe(rows.length)
  })

  it.each([
    ['广东省惠州市惠城区江北街道文昌一路9号', '广东省惠州市惠城区****'],
    ['北京市朝阳区建国路88号', '北京市朝阳区****'],
    ['新疆维吾尔自治区乌鲁木齐市天山区解放路1号', '新疆维吾尔自治区乌鲁木齐市天山区****'],
    ['广东省惠州市博罗县罗阳街道1号', '广东省惠州市博罗县****'],
    // No district level (东莞): the street is not taken for one.
    ['广东省东莞市东城街道东纵路1号', '广东省东莞市****'],
    ['惠城区金山湖小区5栋', '惠城区****'],
    ['金山湖路18号金山湖小区', '金山****'],
    ['短地址', '短地****'],
    ['惠州', '惠州'],
  ])('maskAddress(%s) → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked)
  })

  it('an unfamiliar certificate number is masked like an ID number', () => {
    expect(maskCertificateNumber('ABC1234567')).toBe('AB******67')
  })

  it('a type the registry holds nothing of: the way out names that credential’s own paper', () => {
    expect(noRecordRefusal('property', 40).fallback).toMatch(/纸质不动产权证书/)
    expect(noRecordRefusal('property', 40).fallback).not.toMatch(/出生医学证明|户口簿/)
    expect(noRecordRefusal('id_card', 40).fallback).toMatch(/身份证/)
    expect(noRecordRefusal('birth_certificate', 40)).toMatchObject({ code: 'NOT_PARENT_ON_BIRTH_CERT', fallback: expect.stringMatching(/^如无法在线申领.*待审类/) })
  })

  it('a caller under 14 is told a parent claims the birth certificate and links her, not sent to 待审类', () => {
    const child = noRecordRefusal('birth_certificate', 11)
    expect(child.message).toBe('出生医学证明由父母申领，请让父母登录后关联')
    expect(child.fallback).not.toContain('待审类')
    // 14 and over, or an age that cannot be told, get the parent wording.
    for (const age of [14, null]) expect(noRecordRefusal('birth_certificate', age).message).toContain('未查到登记您为父亲或母亲')
  })

  it('under 14 nothing is claimed into her own space, whatever the type (PIPL art. 31, seed 000 Q5)', () => {
    for (const type of ['id_card', 'household_register', 'property'] as const) {
      expect(minorClaimRefusal(type, 13)).toMatchObject({ code: 'GUARDIAN_REQUIRED', message: expect.stringContaining('父母'), details: { underFourteen: true } })
      expect(minorClaimRefusal(type, 13)!.fallback).not.toContain('待审类')
    }
    expect(minorClaimRefusal('birth_certificate', 4)).toEqual(noRecordRefusal('birth_certificate', 4))
    // 14 (from the day after the birthday, fullYearsOn) and an age that cannot be told: no such refusal.
    for (const age of [14, 40, null]) expect(minorClaimRefusal('id_card', age)).toBeNull()
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
