import raw from '../../fixtures/registry.json'
import { FixtureCase, RegistryFixture } from '../../types/registry'
import { validateIdNumber } from '../../cloudfunctions/domain/idNumber'
import { shanghaiDateOf } from '../../cloudfunctions/domain/guardian/coverage'

/** The default fixture of the simulated registry (ARCHITECTURE.md) is itself checked data. */
const fx = RegistryFixture.parse(raw)
const person = new Map(fx.people.map((p) => [p.idNumber, p]))
const familyOf = (id: string) => fx.families.find((f) => f.members.includes(id))!
const idFacts = (id: string) => ({ birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, sex: Number(id[16]) % 2 ? '男' : '女' })

const everyId = [
  ...fx.people.map((p) => p.idNumber),
  ...fx.households.flatMap((h) => h.members.map((m) => m.idNumber)),
  ...fx.birthCertificates.flatMap((c) => [c.mother.idNumber, ...(c.father ? [c.father.idNumber] : [])]),
  ...fx.realEstateCertificates.flatMap((e) => e.owners.map((o) => o.idNumber)),
  ...fx.demoUsers.flatMap((u) => (u.personIdNumber ? [u.personIdNumber] : [])),
]

describe('fixtures/registry.json', () => {
  it('parses, holds at least 40 distinct people and 6 demo users mapped to people', () => {
    expect(fx.people.length).toBeGreaterThanOrEqual(40)
    expect(person.size).toBe(fx.people.length)
    expect(fx.demoUsers.filter((u) => u.personIdNumber).length).toBeGreaterThanOrEqual(6)
  })

  it.each([...new Set(everyId)])('%s passes GB 11643 and belongs to a person', (id) => {
    expect(validateIdNumber(id, '20261231')).toMatchObject({ ok: true, idNumber: id })
    expect(person.has(id)).toBe(true)
  })

  it('every person record agrees with the birth date and sex digit of their ID number', () => {
    for (const p of fx.people) expect([p.name, p.birthDate, p.sex]).toEqual([p.name, idFacts(p.idNumber).birthDate, idFacts(p.idNumber).sex])
  })

  it('register pages and certificates agree with people, except where a family shows a mismatch', () => {
    for (const h of fx.households) {
      for (const m of h.members) {
        const p = person.get(m.idNumber)!
        const cases = familyOf(m.idNumber).cases
        expect(m.name).toBe(p.name)
        expect(m.formerNames).toEqual(p.formerNames)
        if (!cases.includes('sex_mismatch')) expect(m.sex).toBe(p.sex)
        if (!cases.includes('birth_date_mismatch')) expect(m.birthDate).toBe(p.birthDate)
      }
    }
    for (const c of fx.birthCertificates) {
      expect(person.get(c.mother.idNumber)?.name).toBe(c.mother.name)
      // F17: the father's name on the certificate is his former name (he was renamed after the birth).
      const parentName = (id: string) => (familyOf(id).cases.includes('parent_renamed') ? [person.get(id)?.name, ...(person.get(id)?.formerNames ?? [])] : [person.get(id)?.name])
      if (c.father) expect(parentName(c.father.idNumber)).toContain(c.father.name)
      const child = fx.people.find((p) => p.name === c.newbornName || p.formerNames.includes(c.newbornName))
      const cases = familyOf(c.mother.idNumber).cases
      if (cases.includes('renamed_former_name_missing')) continue
      expect(child).toBeDefined()
      expect(c.sex).toBe(child!.sex)
      if (!cases.includes('birth_date_mismatch')) expect(shanghaiDateOf(c.birthTime)).toBe(child!.birthDate)
    }
  })

  it('names every case of SPEC §3 in some family, each with a note, and puts everyone in a family', () => {
    const shown = new Set(fx.families.flatMap((f) => f.cases))
    expect([...shown].sort()).toEqual([...FixtureCase.options].sort())
    for (const f of fx.families) expect(f.note).toMatch(/[\u4e00-\u9fff]/)
    for (const p of fx.people) expect(familyOf(p.idNumber)).toBeDefined()
  })

  it('shows the evidence cases: collective household, grandfather head, several properties, no face record', () => {
    expect(fx.households.some((h) => h.collective && h.headIdNumber === null)).toBe(true)
    expect(fx.households.some((h) => h.members.find((m) => m.idNumber === h.headIdNumber)?.relation === '户主' && h.members.some((m) => m.relation === '孙女'))).toBe(true)
    const owner = fx.families.find((f) => f.cases.includes('several_properties'))!
    const estates = fx.realEstateCertificates.filter((e) => e.owners.some((o) => owner.members.includes(o.idNumber)))
    const registerAddress = fx.households.find((h) => owner.members.includes(h.headIdNumber ?? ''))!.address
    expect(new Set(estates.map((e) => e.address)).size).toBeGreaterThanOrEqual(2)
    expect(estates.filter((e) => e.address === registerAddress)).toHaveLength(1)
    const noFace = fx.families.find((f) => f.cases.includes('no_face_record'))!
    expect(noFace.members.some((id) => person.get(id)!.faceRecord === false)).toBe(true)
  })
})
