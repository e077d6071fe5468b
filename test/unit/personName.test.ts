import { canonicalName, sameName } from '../../cloudfunctions/domain/personName'
import { createFixtureRegistry, loadFixture, fixturePath } from '../../cloudfunctions/adapters/registry-sim/fixtureRegistry'
import { matchGuardian } from '../../cloudfunctions/domain/guardian/matchGuardian'

// The resident ID prints U+00B7; people type any of these (issue 9).
const VARIANTS = ['·', '・', '‧', '•', '．', '∙', '.', '･', '⋅', 'ˑ'.replace('ˑ', '\u0387')]

describe('person names: separator-dot variants are one character', () => {
  it.each(VARIANTS)('阿依古丽%s买买提 is the same name as 阿依古丽·买买提', (dot) => {
    expect(sameName(`阿依古丽${dot}买买提`, '阿依古丽·买买提')).toBe(true)
    expect(canonicalName(`阿依古丽${dot}买买提`)).toBe('阿依古丽\u00B7买买提')
  })

  it.each([
    ['spaces and the full-width space are not part of a name', '陈 美\u3000玲', '陈美玲', true],
    ['a dot is not nothing', '阿依古丽·买买提', '阿依古丽买买提', false],
    ['another character is another name', '阿依古丽·买买提', '阿依古丽·买卖提', false],
    ['the dot stays where it is', '阿依·古丽买买提', '阿依古丽·买买提', false],
  ])('%s', (_why, a, b, same) => {
    expect(sameName(a, b)).toBe(same)
  })
})

describe('every name match uses it', () => {
  const fx = loadFixture(fixturePath(undefined))
  const cert = fx.birthCertificates.find((c) => c.mother !== null)!
  const registry = createFixtureRegistry({
    ...fx,
    birthCertificates: [...fx.birthCertificates, { ...cert, certificateNumber: 'DOT-CERT', mother: { ...cert.mother!, name: '阿依古丽·买买提' } }],
  })

  it('the registry finds a certificate naming a parent typed with another dot', async () => {
    const found = await registry.birthCertificatesNaming(cert.mother!.idNumber, '阿依古丽•买买提')
    expect(found.map((c) => c.certificateNumber)).toContain('DOT-CERT')
    expect((await registry.birthCertificatesNaming(cert.mother!.idNumber, '阿依古丽买买提')).map((c) => c.certificateNumber)).not.toContain('DOT-CERT')
  })

  // F01: 吴思涵's certificate and register, her name rewritten as a dotted name in two different dots.
  const child = fx.people.find((p) => p.name === '吴思涵')!
  const f01Cert = fx.birthCertificates.find((c) => c.newbornName === '吴思涵')!
  const registers = fx.households
    .filter((h) => h.members.some((m) => m.idNumber === child.idNumber))
    .map((h) => ({ ...h, members: h.members.map((m) => (m.idNumber === child.idNumber ? { ...m, name: '吴思・涵' } : m)) }))
  const link = (newbornName: string, currentName?: string) =>
    matchGuardian({
      parentIdNumber: f01Cert.mother!.idNumber, birthCertificate: { ...f01Cert, newbornName }, childIdNumber: child.idNumber,
      registers, today: '20261122', currentName,
    })

  it('guardian linking matches a newborn name written with another dot', () => {
    expect(link('吴思·涵')).toMatchObject({ ok: true })
    expect(link('吴思．涵')).toMatchObject({ ok: true })
    // Without the dot it is another name: the name differs (and the renamed path is offered).
    expect(link('吴思涵')).toMatchObject({ ok: false, reason: { code: 'FIELDS_DIFFER' } })
  })

  it('the renamed path finds the register by a current name typed with another dot', () => {
    expect(link('吴思·涵', '吴思•涵')).toMatchObject({ ok: true })
  })
})
