import { maskIdNumber, maskName } from '../../cloudfunctions/domain/mask'

describe('mask (SPEC §1)', () => {
  it('keeps only the last character of a name', () => {
    expect(maskName('张子翔')).toBe('**翔')
    expect(maskName('李翔')).toBe('*翔')
    expect(maskName('欧阳娜娜')).toBe('***娜')
    expect(maskName('翔')).toBe('翔')
  })
  it('counts characters outside the BMP as one', () => {
    expect(maskName('王𠮷')).toBe('*𠮷')
  })
  it('keeps the first two and last two digits of an ID number', () => {
    expect(maskIdNumber('341302198506120315')).toBe('34**************15')
    expect(maskIdNumber('44010619880304152X')).toBe('44**************2X')
    expect(maskIdNumber('1234')).toBe('****')
  })
})
