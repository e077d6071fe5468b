import fc from 'fast-check'
import { checkDigit, normaliseIdNumber, validateIdNumber } from '../../cloudfunctions/domain/idNumber'

const VALID = '441302198506120324'
const VALID_X = '44010619880304152X'

describe('normaliseIdNumber', () => {
  it('removes spaces (ASCII, ideographic, tabs) anywhere', () => {
    expect(normaliseIdNumber(' 4413 0219 8506\u3000120324\t')).toBe(VALID)
  })
  it('turns full-width digits and letters to half-width and x to X', () => {
    expect(normaliseIdNumber('４４０１０６１９８８０３０４１５２ｘ')).toBe(VALID_X)
    expect(normaliseIdNumber('44010619880304152x')).toBe(VALID_X)
  })
})

describe('validateIdNumber (GB 11643)', () => {
  it('accepts valid numbers, including a trailing X, and reports the birth date', () => {
    expect(validateIdNumber(VALID)).toEqual({ ok: true, idNumber: VALID, birthDate: '1985-06-12' })
    expect(validateIdNumber(VALID_X)).toMatchObject({ ok: true, idNumber: VALID_X })
  })

  it('accepts messy but valid input: full-width, lower-case x, spaces', () => {
    expect(validateIdNumber('４４０１０６ １９８８０３０４ １５２ｘ')).toMatchObject({ ok: true, idNumber: VALID_X })
    expect(validateIdNumber(' 44010619880304152x ')).toMatchObject({ ok: true, idNumber: VALID_X })
  })

  it('computes the check character from the weighted sum mod 11', () => {
    expect(checkDigit('44130219850612032')).toBe('4')
    expect(checkDigit('44010619880304152')).toBe('X')
    // The classic example from GB 11643-1999's annex.
    expect(checkDigit('11010519491231002')).toBe('X')
  })

  it('rejects every wrong check character', () => {
    for (const c of '0123456789X') {
      if (c === VALID[17]) continue
      const r = validateIdNumber(VALID.slice(0, 17) + c)
      expect(r).toEqual({ ok: false, reason: expect.stringContaining('校验位') })
    }
  })

  it('rejects wrong length and non-digits with a precise reason', () => {
    expect(validateIdNumber('4413021985061203')).toEqual({ ok: false, reason: expect.stringContaining('18位') })
    expect(validateIdNumber('44130219850612032A')).toEqual({ ok: false, reason: expect.stringContaining('前17位') })
    expect(validateIdNumber('4413021985X6120324')).toMatchObject({ ok: false })
  })

  it('rejects impossible or future birth dates', () => {
    const withBirth = (ymd: string) => {
      const first17 = `441302${ymd}032`
      return first17 + checkDigit(first17)
    }
    for (const bad of ['19850230', '19851301', '19850000', '18990101', '20230229']) {
      expect(validateIdNumber(withBirth(bad))).toEqual({ ok: false, reason: expect.stringContaining('出生日期') })
    }
    expect(validateIdNumber(withBirth('20240229'))).toMatchObject({ ok: true })
    expect(validateIdNumber(withBirth('20261123'), '20261122')).toMatchObject({ ok: false })
    expect(validateIdNumber(withBirth('20261122'), '20261122')).toMatchObject({ ok: true })
  })

  it('never throws on arbitrary strings, and only accepts 18-char normalised numbers with a good checksum', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.fullUnicodeString(), fc.stringOf(fc.constantFrom(...'0123456789xX ４')), fc.string({ maxLength: 40 })), (s) => {
        const n = normaliseIdNumber(s)
        const r = validateIdNumber(s)
        if (r.ok) {
          expect(r.idNumber).toBe(n)
          expect(r.idNumber).toMatch(/^\d{17}[\dX]$/)
          expect(checkDigit(r.idNumber.slice(0, 17))).toBe(r.idNumber[17])
        } else {
          expect(r.reason.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('accepts every valid number generated from random prefixes', () => {
    const digits = fc.stringOf(fc.constantFrom(...'0123456789'), { minLength: 3, maxLength: 3 })
    const date = fc.date({ min: new Date('1920-01-01'), max: new Date('2025-12-31') })
    fc.assert(
      fc.property(digits, date, (seq, d) => {
        const first17 = `440106${d.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`
        expect(validateIdNumber(first17 + checkDigit(first17)).ok).toBe(true)
      }),
    )
  })
})
