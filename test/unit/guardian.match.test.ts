process.env.TZ = 'UTC' // CloudBase runs in UTC; China days must not depend on it.

import raw from '../../fixtures/registry.json'
import { RegistryFixture, type BirthCertificate, type HouseholdRegister } from '../../types/registry'
import { matchGuardian, type GuardianMatch, type GuardianMatchInput } from '../../cloudfunctions/domain/guardian/matchGuardian'
import { REASON_TEXT, type NextStep, type ReasonCode } from '../../cloudfunctions/domain/guardian/reasons'
import { coverageOf } from '../../cloudfunctions/domain/guardian/coverage'
import { canAuthorizeForSelf, fullYearsOn } from '../../cloudfunctions/domain/guardian/age'

const fx = RegistryFixture.parse(raw)
const idOf = (name: string) => fx.people.find((p) => p.name === name)!.idNumber
const certOf = (newborn: string) => fx.birthCertificates.find((c) => c.newbornName === newborn)!
const registersOf = (id: string) => fx.households.filter((h) => h.members.some((m) => m.idNumber === id))

/** parent, the newborn name on the certificate, the child whose ID is typed. */
function input(parent: string, newborn: string, child: string, more: Partial<GuardianMatchInput> = {}): GuardianMatchInput {
  const childIdNumber = idOf(child)
  return { parentIdNumber: idOf(parent), birthCertificate: certOf(newborn), childIdNumber, registers: registersOf(childIdNumber), today: '20261122', ...more }
}
const withRegister = (h: HouseholdRegister, over: Partial<HouseholdRegister>) => ({ ...h, ...over })
const certAt = (c: BirthCertificate, birthTime: string) => ({ ...c, birthTime })

type Row = [string, GuardianMatchInput, ReasonCode | 'LINKED', Record<string, unknown>]
const f01 = registersOf(idOf('吴思涵'))[0]
/** F06 after a rename: the old current register still names the child 孙铭, the new one 孙铭轩 (曾用名 孙铭). */
const [f06Old, f06New] = registersOf(idOf('孙铭'))
const f06Renamed = [
  f06Old,
  withRegister(f06New, { members: f06New.members.map((m) => (m.idNumber === idOf('孙铭') ? { ...m, name: '孙铭轩', formerNames: ['孙铭'] } : m)) }),
]
const twinB = [{ id: 'cert-haoyu', cert: certOf('梁浩宇') }]
const rows: Row[] = [
  ['F01 plain match (mother)', input('陈美玲', '吴思涵', '吴思涵'), 'LINKED', { parentRole: 'mother', renamed: false }],
  ['F01 plain match (father)', input('吴志强', '吴思涵', '吴思涵'), 'LINKED', { parentRole: 'father' }],
  ['F01 typed with spaces and full-width digits', input('陈美玲', '吴思涵', '吴思涵', { childIdNumber: ' ４４１３０２ 2018 0914 ' + idOf('吴思涵').slice(14) }), 'LINKED', {}],
  ['F02 renamed child, no current name typed', input('李秀英', '周子轩', '周梓睿'), 'FIELDS_DIFFER', { fields: ['name'], offerRenamedPath: true }],
  ['F02 renamed child, current name typed', input('李秀英', '周子轩', '周梓睿', { currentName: ' 周梓睿 ' }), 'LINKED', { renamed: true, childName: '周梓睿' }],
  ['F02 wrong current name', input('李秀英', '周子轩', '周梓睿', { currentName: '周梓萱' }), 'NO_REGISTER', { cause: 'name_not_found' }],
  ['F02 current name typed with a separator dot variant', input('李秀英', '周子轩', '周梓睿', { currentName: '周梓睿', registers: registersOf(idOf('周梓睿')).map((h) => ({ ...h, members: h.members.map((m) => (m.name === '周梓睿' ? { ...m, name: '周·梓睿' } : m)) })) }), 'NO_REGISTER', { cause: 'name_not_found' }],
  ['minority name: register 古丽·努尔, typed with U+30FB', input('李秀英', '周子轩', '周梓睿', { currentName: '古丽\u30FB努尔', registers: registersOf(idOf('周梓睿')).map((h) => ({ ...h, members: h.members.map((m) => (m.name === '周梓睿' ? { ...m, name: '古丽·努尔' } : m)) })) }), 'LINKED', { renamed: true }],
  ['minority newborn name: certificate 古丽．努尔 (U+FF0E), register 古丽·努尔', input('陈美玲', '吴思涵', '吴思涵', { birthCertificate: { ...certOf('吴思涵'), newbornName: '古丽．努尔' }, registers: registersOf(idOf('吴思涵')).map((h) => ({ ...h, members: h.members.map((m) => (m.name === '吴思涵' ? { ...m, name: '古丽·努尔' } : m)) })) }), 'LINKED', { renamed: false }],
  ['F16 former name not recorded', input('江燕', '邱宝儿', '邱语桐', { currentName: '邱语桐' }), 'NAME_NOT_IN_FORMER_NAMES', { newbornName: '**儿', formerNames: [] }],
  ['F03 twin linked with own certificate', input('何晓欣', '梁浩宇', '梁浩宇'), 'LINKED', {}],
  ['F03 twin certificate, other twin typed', input('何晓欣', '梁浩然', '梁浩宇'), 'FIELDS_DIFFER', { fields: ['name'], offerRenamedPath: true }],
  // Seed 000 Q8: the typed number is the child of the other certificate this parent claimed.
  ['F03 other twin typed, both certificates claimed', input('何晓欣', '梁浩然', '梁浩宇', { otherCertificates: twinB }), 'NUMBER_OF_OTHER_CHILD', { newbornName: '**然', otherNewbornName: '**宇', otherBirthCertificateId: 'cert-haoyu', nextStep: 'other_certificate' }],
  ['F03 other twin typed with the current name', input('何晓欣', '梁浩然', '梁浩宇', { otherCertificates: twinB, currentName: '梁浩宇' }), 'NUMBER_OF_OTHER_CHILD', { otherBirthCertificateId: 'cert-haoyu' }],
  ['F03 own twin typed, both certificates claimed', input('何晓欣', '梁浩然', '梁浩然', { otherCertificates: twinB }), 'LINKED', {}],
  // A claimed certificate that is not the register's child changes nothing.
  ['F03 other twin typed, an unrelated certificate claimed', input('何晓欣', '梁浩然', '梁浩宇', { otherCertificates: [{ id: 'x', cert: certOf('吴思涵') }] }), 'FIELDS_DIFFER', { offerRenamedPath: true }],
  ['F04 register not issued', input('黄丽娟', '刘一诺', '刘一诺'), 'NO_REGISTER', { cause: 'not_issued' }],
  ['F05 Hunan register', input('王磊', '王嘉怡', '王嘉怡'), 'NOT_GUANGDONG_REGISTER', { provinceName: '湖南省' }],
  ['F06 two current registers', input('孙海涛', '孙铭', '孙铭'), 'SEVERAL_REGISTERS', { count: 2 }],
  // SPEC §3 asks for exactly one register: the typed current name must not pick one of two.
  ['F06 two current registers, renamed path', input('孙海涛', '孙铭', '孙铭', { registers: f06Renamed, currentName: '孙铭轩' }), 'SEVERAL_REGISTERS', { count: 2 }],
  // The number 赵欣妍's register holds encodes 女 like the certificate: only the register says 男.
  ['F07 sex differs', input('郭佳', '赵欣妍', '赵欣妍'), 'FIELDS_DIFFER', { fields: ['sex'], offerRenamedPath: false, comparisons: [{ field: 'sex', certificate: '女', register: '男' }] }],
  // The number itself encodes 2018-12-31: decided before the register is looked at.
  ['F08 birth day differs (00:20 China time)', input('吕倩', '郑可欣', '郑可欣'), 'FIELDS_DIFFER', { fields: ['birthDate'], comparisons: [{ field: 'birthDate', certificate: '2019-01-01', register: '2018-12-31' }], source: 'id_number' }],
  ['a stranger’s Hunan child typed', input('陈美玲', '吴思涵', '王嘉怡'), 'FIELDS_DIFFER', { fields: ['birthDate'], source: 'id_number', offerRenamedPath: false, comparisons: [{ field: 'birthDate', certificate: '2018-09-14', register: '2018-11-02' }] }],
  ['a stranger’s boy typed', input('陈美玲', '吴思涵', '孙铭'), 'FIELDS_DIFFER', { fields: ['sex', 'birthDate'], source: 'id_number' }],
  ['F09 born in Anhui', input('林静', '许可馨', '许可馨'), 'OUTSIDE_COVERAGE', { why: 'outside_guangdong', area: '安徽省' }],
  ['F10 Shenzhen 2016', input('黄建华', '黄子墨', '黄子墨'), 'OUTSIDE_COVERAGE', { why: 'before_start', area: '深圳市', since: '2018-05-01' }],
  ['F10 Shenzhen 2019, second child', input('黄建华', '黄子琪', '黄子琪'), 'LINKED', {}],
  ['F11 Huizhou 2015, grandfather head', input('张伟明', '张雨涵', '张雨涵'), 'LINKED', { headIdNumber: idOf('张国栋'), parentRole: 'father' }],
  ['F11 Huizhou 2016 is covered', input('罗晓梅', '张雨泽', '张雨泽'), 'LINKED', {}],
  ['F11 grandfather is not on the certificate', input('张国栋', '张雨涵', '张雨涵'), 'NOT_PARENT_ON_CERT', {}],
  ['F12 Meizhou 2013', input('温秀兰', '古嘉欣', '古嘉欣'), 'OUTSIDE_COVERAGE', { why: 'before_start', area: '广东省', since: '2014-01-01' }],
  ['F12 2014-01-01 00:30 China time', input('温秀兰', '古嘉乐', '古嘉乐'), 'LINKED', {}],
  ['F13 collective household', input('叶思琪', '马朵朵', '马朵朵'), 'LINKED', { collective: true, headIdNumber: null }],
  ['F14 several properties', input('李婉婷', '何沐阳', '何沐阳'), 'LINKED', {}],
  ['F15 father without face record can still link', input('蔡志明', '蔡雅琳', '蔡雅琳'), 'LINKED', {}],
  ['no birth certificate', input('陈美玲', '吴思涵', '吴思涵', { birthCertificate: null }), 'NO_BIRTH_CERT', {}],
  ['someone else\u2019s certificate', input('陈美玲', '梁浩然', '梁浩然'), 'NOT_PARENT_ON_CERT', {}],
  ['checksum wrong', input('陈美玲', '吴思涵', '吴思涵', { childIdNumber: '441302201809140820' }), 'ID_INVALID', { detail: expect.stringContaining('校验位') }],
  ['17 characters', input('陈美玲', '吴思涵', '吴思涵', { childIdNumber: '44130220180914082' }), 'ID_INVALID', { detail: expect.stringContaining('18位') }],
  ['no entry at all', input('陈美玲', '吴思涵', '吴思涵', { registers: [] }), 'NO_REGISTER', { cause: 'none' }],
  ['only a voided entry', input('陈美玲', '吴思涵', '吴思涵', { registers: [withRegister(f01, { current: false })] }), 'NO_REGISTER', { cause: 'not_current' }],
  ['a voided entry beside the current one', input('陈美玲', '吴思涵', '吴思涵', { registers: [withRegister(f01, { current: false, householdNumber: 'old' }), f01] }), 'LINKED', { householdNumber: f01.householdNumber }],
  ['Shenzhen 2018-04-30 23:59 China time', input('吕倩', '郑可欣', '郑可欣', { birthCertificate: certAt(certOf('郑可欣'), '2018-04-30T23:59:00+08:00') }), 'OUTSIDE_COVERAGE', { why: 'before_start' }],
]

function outcome(m: GuardianMatch) {
  return m.ok ? { code: 'LINKED', ...m.link } : { ...m.reason }
}

describe('matchGuardian over the fixture families', () => {
  it.each(rows)('%s', (_label, given, code, expected) => {
    const m = matchGuardian(given)
    expect(outcome(m)).toMatchObject({ code, ...expected })
    if (!m.ok) {
      expect(m.reason.message).toMatch(/[\u4e00-\u9fff]/)
      expect(m.reason.fallback).toContain('待审类（含未授权）')
    }
  })

  it('covers every outcome', () => {
    const seen = new Set(rows.map((r) => r[2]))
    expect([...seen].sort()).toEqual([...Object.keys(REASON_TEXT), 'LINKED'].sort())
  })

  it('twins: the other child’s number never offers the renamed path', () => {
    const m = matchGuardian(input('何晓欣', '梁浩然', '梁浩宇', { otherCertificates: twinB }))
    const reason = m.ok ? null : m.reason
    expect(reason).not.toHaveProperty('offerRenamedPath')
    expect(reason?.message).toContain('**宇的出生医学证明关联')
    expect(reason?.message).not.toContain('改过名')
  })

  it('masks names in comparisons and says what to do', () => {
    const m = matchGuardian(input('李秀英', '周子轩', '周梓睿'))
    expect(m.ok ? null : m.reason).toMatchObject({ comparisons: [{ field: 'name', certificate: '**轩', register: '**睿' }] })
    expect(m.ok ? '' : m.reason.message).toContain('改过名字')
  })
})

/**
 * Seed 000 Q7–Q12: a dead end that no retyping can change gives its own next step, not "请核实输入的…
 * 身份证号码", and the result page offers 返回数字空间 first (nextStep leave); only what may be a typing
 * problem offers retyping first.
 */
const CHECK_ID = '请核实输入的被监护人身份证号码'
type Step = [string, GuardianMatchInput, NextStep, RegExp | null, boolean]
const steps: Step[] = [
  ['F04 register not issued', input('黄丽娟', '刘一诺', '刘一诺'), 'leave', /^需被监护人办理户口簿才可以办理。.*办理纸质户口簿/, false],
  ['F05 Hunan register', input('王磊', '王嘉怡', '王嘉怡'), 'leave', /湖南省.*非户籍生.*待审类/, false],
  ['F06 two current registers', input('孙海涛', '孙铭', '孙铭'), 'leave', /户政窗口/, false],
  ['F07 register sex differs', input('郭佳', '赵欣妍', '赵欣妍'), 'leave', /携带出生医学证明、户口簿到户籍所在地派出所核实更正/, false],
  ['F16 former name not recorded', input('江燕', '邱宝儿', '邱语桐', { currentName: '邱语桐' }), 'leave', /派出所.*曾用名.*登记到户口簿/, false],
  ['only a voided entry', input('陈美玲', '吴思涵', '吴思涵', { registers: [withRegister(f01, { current: false })] }), 'leave', /户政窗口/, false],
  ['F03 other twin typed, both claimed', input('何晓欣', '梁浩然', '梁浩宇', { otherCertificates: twinB }), 'other_certificate', /另一个孩子\*\*宇/, false],
  ['checksum wrong', input('陈美玲', '吴思涵', '吴思涵', { childIdNumber: '441302201809140820' }), 'retype', null, true],
  // Decided from the number alone: a typo or a register that disagrees; both steps are said.
  ['F08 birth day differs (from the number)', input('吕倩', '郑可欣', '郑可欣'), 'retype', /如号码无误.*派出所核实更正/, true],
  ['no entry at all', input('陈美玲', '吴思涵', '吴思涵', { registers: [] }), 'retype', /^需被监护人办理户口簿才可以办理/, true],
  // The child has a register: the typed current name does not match it, nothing about 办理户口簿.
  ['F02 wrong current name', input('李秀英', '周子轩', '周梓睿', { currentName: '周梓萱' }), 'retype', /^输入的孩子现用姓名与户口簿上登记的姓名不一致.*重新输入/, false],
  ['F02 renamed child, no current name typed', input('李秀英', '周子轩', '周梓睿'), 'renamed', /改过名字/, true],
]

describe('each refusal names the step that can change it', () => {
  it.each(steps)('%s → %s', (_label, given, nextStep, says, checkId) => {
    const m = matchGuardian(given)
    if (m.ok) throw new Error('linked')
    expect(m.reason.nextStep).toBe(nextStep)
    if (says) expect(m.reason.message).toMatch(says)
    expect(m.reason.message.includes(CHECK_ID)).toBe(checkId)
  })
})

/** SPEC §2: the four late cities from 2018-05-01, the rest of Guangdong from 2014-01-01 (China time). */
const LATE = { '4401': '广州市', '4403': '深圳市', '4404': '珠海市', '4406': '佛山市' }
type Edge = [city: string, birthTime: string, covered: boolean, area: string, since: string]
const edges: Edge[] = [
  ...Object.entries(LATE).flatMap(([city, area]): Edge[] => [
    [city, '2018-04-30T23:59:00+08:00', false, area, '2018-05-01'],
    [city, '2018-05-01T00:00:00+08:00', true, area, '2018-05-01'],
  ]),
  ['4413', '2013-12-31T23:59:00+08:00', false, '广东省', '2014-01-01'],
  ['4413', '2014-01-01T00:00:00+08:00', true, '广东省', '2014-01-01'],
  // Between the two starts only the late cities are refused.
  ['4413', '2016-03-01T10:00:00+08:00', true, '广东省', '2014-01-01'],
  ['4403', '2016-03-01T10:00:00+08:00', false, '深圳市', '2018-05-01'],
]

describe('coverage boundaries per hospital city', () => {
  it.each(edges)('city %s born %s → covered %s', (cityCode, birthTime, covered, area, since) => {
    const birthDate = birthTime.slice(0, 10)
    const expected = covered ? { covered, birthDate } : { covered, why: 'before_start', area, since, birthDate }
    expect(coverageOf({ provinceCode: '44', cityCode, birthTime })).toEqual(expected)
  })
})

describe('coverage in China days', () => {
  const sz = { provinceCode: '44', cityCode: '4403', cityName: '深圳市' }
  it('counts 2018-04-30T16:00Z as 1 May in Shenzhen', () => {
    expect(coverageOf({ ...sz, birthTime: '2018-04-30T16:00:00Z' })).toEqual({ covered: true, birthDate: '2018-05-01' })
    expect(coverageOf({ ...sz, birthTime: '2018-04-30T15:59:59Z' }).covered).toBe(false)
  })
  it('covers a 2016 Huizhou birth but not a 2016 Shenzhen one', () => {
    expect(coverageOf({ provinceCode: '44', cityCode: '4413', birthTime: '2016-03-01T10:00:00+08:00' }).covered).toBe(true)
    expect(coverageOf({ ...sz, birthTime: '2016-03-01T10:00:00+08:00' }).covered).toBe(false)
  })
  it('recognises the late cities by name too, and refuses unreadable times', () => {
    expect(coverageOf({ provinceCode: '44', cityCode: '', cityName: '广州市', birthTime: '2017-01-01T08:00:00+08:00' })).toMatchObject({ area: '广州市' })
    expect(coverageOf({ provinceCode: '44', cityCode: '4413', birthTime: 'yesterday' })).toEqual({ covered: false, why: 'unreadable_birth_time' })
  })
})

describe('PIPL art. 31: self-authorization from 14', () => {
  const china = (iso: string) => Date.parse(`${iso}+08:00`)
  it('is a guardian matter up to and on the 14th birthday, in China time', () => {
    expect(canAuthorizeForSelf('2012-06-01', china('2026-06-01T23:59:59'))).toBe(false)
    expect(canAuthorizeForSelf('2012-06-01', china('2026-06-02T00:00:00'))).toBe(true)
    expect(canAuthorizeForSelf('2015-07-18', china('2026-11-22T12:00:00'))).toBe(false)
    expect(fullYearsOn('2012-02-29', china('2026-03-01T00:00:00'))).toBe(14)
    expect(fullYearsOn('2012-02-29', china('2026-02-28T23:00:00'))).toBe(13)
  })
  it('is false when the birth date or time cannot be read', () => {
    expect(canAuthorizeForSelf('not a date', china('2026-01-01T00:00:00'))).toBe(false)
    expect(canAuthorizeForSelf('1990-01-01', Number.NaN)).toBe(false)
  })
})
