import { checkDocument, declarantKeyMaterial, normaliseDocNumber } from '../../cloudfunctions/domain/health/documents'
import type { DocType } from '../../types/health'

const TODAY = '2024-03-01'
const ok = (t: DocType, raw: string) => checkDocument(t, raw, TODAY)

describe('normaliseDocNumber', () => {
  it('drops spaces, turns full-width to half-width and upper-cases', () => {
    expect(normaliseDocNumber(' ｈ１２３４ 5678\u3000')).toBe('H12345678')
    expect(normaliseDocNumber('1234567801（b）')).toBe('1234567801(B)')
  })
})

describe('mainland_id: delegated to idNumber.ts (GB 11643)', () => {
  it('accepts a valid number, normalised, with itself as identity', () => {
    expect(ok('mainland_id', ' 44010619880304152x')).toEqual({
      ok: true, docType: 'mainland_id', number: '44010619880304152X', identity: '44010619880304152X',
    })
  })
  it('refuses a bad check digit and a birth date after today', () => {
    expect(ok('mainland_id', '441302198506120325')).toMatchObject({ ok: false, message: expect.stringContaining('校验位') })
    expect(checkDocument('mainland_id', '11010520240302001X', TODAY)).toMatchObject({ ok: false })
  })
})

type Case = [DocType, string[], string[], string]
const CASES: Case[] = [
  ['hk_macau_permit', ['H12345678', 'M87654321', 'H1234567800', 'h 1234 5678 01'], ['H1234567', 'H123456789', 'K12345678', '12345678', 'H12345678A'], '港澳居民来往内地通行证'],
  ['taiwan_permit', ['12345678', '1234567801', '1234567801(B)', '1234567801（3）'], ['1234567', '123456789', 'T1234567', '1234567801(BB)', '12345678(B)'], '台湾居民来往内地通行证'],
  ['foreign_passport', ['E1234567', 'x1234', 'AB1234567890CDEFG', '123456789'], ['AB12', 'AB1234567890CDEFGH', 'E123-4567', 'É1234567'], '外国护照'],
  ['birth_certificate', ['Q440123456', 'x320101001'], ['Q44012345', 'Q4401234567', '4401234567', 'QQ40123456'], '出生医学证明'],
]

describe.each(CASES)('%s', (docType, valid, invalid, label) => {
  it.each(valid)('accepts %s', (raw) => {
    const r = ok(docType, raw)
    expect(r).toMatchObject({ ok: true, docType, number: normaliseDocNumber(raw) })
  })
  it.each(invalid)('refuses %s with a Chinese message naming the document', (raw) => {
    const r = ok(docType, raw)
    expect(r.ok).toBe(false)
    expect(r.ok === false && r.message).toContain(label)
  })
  it('refuses an empty number', () => {
    expect(ok(docType, '  ')).toMatchObject({ ok: false })
  })
})

it('asks for the number when nothing is typed, for every type (not 应为18位，当前为0位)', () => {
  for (const docType of ['mainland_id', 'foreign_passport', 'hk_macau_permit', 'taiwan_permit', 'birth_certificate'] as const) {
    expect(ok(docType, '')).toMatchObject({ ok: false, message: '请输入证件号码' })
    expect(ok(docType, ' 　')).toMatchObject({ ok: false, message: '请输入证件号码' })
  }
})

describe('identity survives renewals', () => {
  it('HK/Macau: the renewal count is not part of the identity', () => {
    const a = ok('hk_macau_permit', 'H12345678')
    const b = ok('hk_macau_permit', 'H1234567802')
    expect(a.ok && b.ok && a.identity === b.identity).toBe(true)
  })
  it('Taiwan: issue count and office code are not part of the identity', () => {
    const a = ok('taiwan_permit', '12345678')
    const b = ok('taiwan_permit', '1234567801(B)')
    expect(a.ok && b.ok && a.identity === b.identity).toBe(true)
  })
  it('key material separates document types', () => {
    expect(declarantKeyMaterial({ docType: 'foreign_passport', identity: 'E1234567' })).toBe('foreign_passport:E1234567')
    expect(declarantKeyMaterial({ docType: 'birth_certificate', identity: 'E123456789' })).not.toBe(
      declarantKeyMaterial({ docType: 'foreign_passport', identity: 'E123456789' }),
    )
  })
})
