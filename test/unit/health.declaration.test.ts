import {
  abnormalities,
  canonicalJson,
  classifyRetry,
  countedByDeclarant,
  latestOf,
  submissionId,
  type Submission,
} from '../../cloudfunctions/domain/health/declaration'
import { HealthForm, type HealthForm as Form } from '../../types/health'

const FORM: Form = {
  phone: '13800138000',
  currentLocation: '广东省广州市天河区',
  temperature: 36.5,
  symptoms: [],
  riskContact: false,
  riskAreaTravel: false,
  healthCodeColour: 'green',
  isolation: 'none',
}
const T0 = Date.UTC(2024, 2, 1, 1, 0, 0)
let n = 0
const sub = (over: Partial<Submission>): Submission => {
  const clientId = over.clientId ?? `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
  return {
    orgId: 'org1', declarantId: 'd1', day: '2024-03-01', submittedAt: T0, late: false, form: FORM, clientId,
    id: submissionId(over.orgId ?? 'org1', over.declarantId ?? 'd1', clientId),
    ...over,
  }
}

describe('the sample form satisfies the contract', () => {
  it('parses', () => expect(HealthForm.parse(FORM)).toEqual(FORM))
})

describe('latest wins (FAQ 8: 系统只统计最新一次数据)', () => {
  it('picks the last submission, whatever the order they are read in', () => {
    const a = sub({ submittedAt: T0, form: { ...FORM, temperature: 37.8 } })
    const b = sub({ submittedAt: T0 + 60_000 })
    const c = sub({ submittedAt: T0 + 30_000 })
    expect(latestOf([a, b, c])).toBe(b)
    expect(latestOf([b, c, a])).toBe(b)
    expect(latestOf([])).toBeNull()
  })
  it('breaks a same-millisecond tie by id, the same way for every reader', () => {
    const a = sub({ clientId: '00000000-0000-4000-8000-00000000000a' })
    const b = sub({ clientId: '00000000-0000-4000-8000-00000000000b' })
    expect(latestOf([a, b])).toBe(b)
    expect(latestOf([b, a])).toBe(b)
  })
  it('counts one submission per declarant, for the org and day asked', () => {
    const subs = [
      sub({ submittedAt: T0 }), sub({ submittedAt: T0 + 5 }),
      sub({ declarantId: 'd2', submittedAt: T0 + 1 }),
      sub({ day: '2024-02-29', submittedAt: T0 + 99 }), sub({ orgId: 'org2', submittedAt: T0 + 99 }),
    ]
    const counted = countedByDeclarant(subs, 'org1', '2024-03-01')
    expect([...counted.keys()].sort()).toEqual(['d1', 'd2'])
    expect(counted.get('d1')).toBe(subs[1])
  })
})

describe('idempotent retry by clientId (重新提交 never counts twice)', () => {
  const CID = '3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f'
  it('derives one document id per (org, declarant, clientId), case-insensitive in the uuid', () => {
    expect(submissionId('org1', 'd1', CID)).toBe(submissionId('org1', 'd1', CID.toUpperCase()))
    expect(submissionId('org1', 'd1', CID)).not.toBe(submissionId('org1', 'd2', CID))
  })
  it('a new clientId is new; the same clientId and form is a replay of the stored one', () => {
    const stored = sub({ clientId: CID })
    expect(classifyRetry(null, { form: FORM })).toEqual({ kind: 'new' })
    expect(classifyRetry(stored, { form: { ...FORM } })).toEqual({ kind: 'replay', stored })
  })
  it('key order and absent optional fields do not make a retry look different', () => {
    const stored = sub({ clientId: CID, form: { ...FORM, symptomNote: undefined } })
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(FORM).reverse())))
    expect(canonicalJson(reordered)).toBe(canonicalJson(FORM))
    expect(classifyRetry(stored, { form: reordered })).toMatchObject({ kind: 'replay' })
  })
  it('the same clientId with a different form is a conflict, never an overwrite', () => {
    const stored = sub({ clientId: CID })
    expect(classifyRetry(stored, { form: { ...FORM, temperature: 38 } })).toMatchObject({ kind: 'conflict' })
  })
  it('a late replay of an older submission does not displace a newer one', () => {
    const first = sub({ submittedAt: T0 })
    const second = sub({ submittedAt: T0 + 60_000 })
    const verdict = classifyRetry(first, { form: first.form })
    expect(verdict.kind).toBe('replay') // nothing is stored, so the set is unchanged
    expect(latestOf([first, second])).toBe(second)
  })
})

describe('abnormal answers for the workbench', () => {
  it('flags nothing on a normal form', () => expect(abnormalities(FORM)).toEqual([]))
  it('flags fever from 37.3 ℃, symptoms, risk answers, a non-green code and isolation', () => {
    expect(abnormalities({ ...FORM, temperature: 37.2 })).toEqual([])
    expect(abnormalities({ ...FORM, temperature: 37.3 })).toEqual(['temperature'])
    expect(
      abnormalities({ ...FORM, symptoms: ['cough'], riskContact: true, riskAreaTravel: true, healthCodeColour: 'yellow', isolation: 'home' }),
    ).toEqual(['symptoms', 'riskContact', 'riskAreaTravel', 'healthCodeColour', 'isolation'])
  })
})
