import { nameKey, sameName } from '../../cloudfunctions/domain/names'

describe('sameName: separator-dot variants of minority names are one character', () => {
  const base = '阿卜杜拉·买买提'
  test.each([
    ['U+00B7 middle dot', '阿卜杜拉\u00B7买买提', true],
    ['U+30FB katakana middle dot', '阿卜杜拉\u30FB买买提', true],
    ['U+2027 hyphenation point', '阿卜杜拉\u2027买买提', true],
    ['U+2022 bullet', '阿卜杜拉\u2022买买提', true],
    ['U+FF0E full-width full stop', '阿卜杜拉\uFF0E买买提', true],
    ['U+2219 bullet operator', '阿卜杜拉\u2219买买提', true],
    ['ASCII full stop', '阿卜杜拉.买买提', true],
    ['spaces around the dot', '阿卜杜拉 · 买买提', true],
    ['ideographic space inside', '阿卜杜拉\u3000·买买提', true],
    ['dot missing', '阿卜杜拉买买提', false],
    ['dot moved', '阿卜杜·拉买买提', false],
    ['other name', '阿卜杜拉·艾力', false],
    ['hyphen is not a separator dot', '阿卜杜拉-买买提', false],
  ])('%s', (_label, typed, same) => {
    expect(sameName(base, typed)).toBe(same)
    expect(sameName(typed, base)).toBe(same)
  })

  test('the key keeps one U+00B7 per separator and drops white space', () => {
    expect(nameKey(' 古丽\uFF0E 努尔 ')).toBe('古丽\u00B7努尔')
    expect(nameKey('吴 思涵')).toBe('吴思涵')
  })
})
