import { authCodeProblem, codeFromParams, typedCode, typedCodeProblem } from '../../src/services/consent'
import { ACTION_TEXT, historyFieldLabel } from '../../src/space/labels'
import { PART_FIELDS } from '../../types/consentModels'

/** Words the consent pages and the 数字档案袋 show, checked without a browser. */
describe('the 授权码 is checked before any call', () => {
  it.each([
    ['', '未找到授权码'],
    ['ABC', '授权码格式不正确'],
    ['ABCDEFG0', '授权码格式不正确'], // 0 is not in the alphabet
  ])('%j → %s, never the raw 请求内容不正确', (code, message) => {
    expect(authCodeProblem(codeFromParams({ code }))).toMatchObject({ message, hint: expect.stringContaining('二维码') })
  })
  it('a well-formed code (any case, from code= or scene=) passes', () => {
    expect(authCodeProblem(codeFromParams({ code: ' kyh7h9u9 ' }))).toBeNull()
    expect(authCodeProblem(codeFromParams({ scene: encodeURIComponent('code=KYH7H9U9') }))).toBeNull()
    expect(authCodeProblem(codeFromParams({}))).toMatchObject({ message: '未找到授权码' })
  })
})

describe('输入授权码: a typed code is tidied, then checked before any call', () => {
  it('spaces, dashes and lower case are what a parent types; the code is what is left', () => {
    expect(typedCode(' kyh7 h9u9 ')).toBe('KYH7H9U9')
    expect(typedCode('KYH7-H9U9')).toBe('KYH7H9U9')
  })
  it.each([
    ['', '请输入授权码', '8位'],
    ['KYH7H9', '授权码为8位字母或数字，请核对后重新输入', '不含I、O、0、1'],
    ['KYH7H9U0', '授权码为8位字母或数字，请核对后重新输入', '不含I、O、0、1'], // 0 is not in the alphabet
    ['KYH7H9U9X', '授权码为8位字母或数字，请核对后重新输入', '不含I、O、0、1'],
  ])('%j → %s (a next step, not the raw 请求内容不正确)', (raw, message, hint) => {
    expect(typedCodeProblem(typedCode(raw))).toEqual({ message, hint: expect.stringContaining(hint) })
  })
  it('a well-formed code passes', () => {
    expect(typedCodeProblem(typedCode('kyh7h9u9'))).toBeNull()
  })
})

describe('数字档案袋 speaks like the consent pages', () => {
  it('注销, not 撤销', () => {
    expect(ACTION_TEXT.revoke).toBe('注销授权')
  })
  it('authorization, revocation and read entries use the request page’s field labels', () => {
    for (const action of ['authorize', 'revoke', 'read'] as const) {
      expect(historyFieldLabel(action, 'property', 'ownerNames')).toBe(PART_FIELDS.property.ownerNames)
      expect(historyFieldLabel(action, 'property', 'address')).toBe('房屋坐落')
      expect(historyFieldLabel(action, 'household_register', 'studentIdNumber')).toBe('学生身份证号')
    }
    // Other entries keep the space's own words.
    expect(historyFieldLabel('report', 'property', 'address')).toBe('坐落')
  })
})
