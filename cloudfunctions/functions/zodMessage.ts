import type { ZodError, ZodIssue } from 'zod'

/**
 * A readable, Chinese rendering of why an event did not parse. Built from the issue's path and
 * kind only, never from the received value, so a mistyped ID number is not echoed or logged.
 */
function describe(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_union_discriminator':
      return `不支持的操作，可用：${issue.options.map(String).join('、')}`
    case 'invalid_type':
      return issue.received === 'undefined' ? '缺少必填项' : `类型不正确，应为 ${issue.expected}`
    case 'invalid_enum_value':
      return `取值不正确，可选：${issue.options.map(String).join('、')}`
    case 'invalid_literal':
      // e.g. consentAccepted: true carries 请先阅读并同意《数据申领同意书》.
      return /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '取值不正确'
    case 'too_small':
    case 'too_big':
      // Schemas in types/ carry Chinese messages where users can hit them; otherwise say the limit.
      return /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : issue.code === 'too_small' ? '内容过短' : '内容过长'
    case 'unrecognized_keys':
      return '包含不支持的字段'
    default:
      return '内容不正确'
  }
}

/**
 * For a plain union (AuthEvent has two `startVerification` branches), explain the closest branch:
 * the one whose literal fields (action, purpose) matched, with the fewest remaining issues.
 */
function closest(issue: Extract<ZodIssue, { code: 'invalid_union' }>): ZodIssue[] | null {
  const missesAction = (e: ZodError) => e.issues.some((i) => i.code === 'invalid_literal' && i.path.join('.') === 'action')
  const literalMiss = (e: ZodError) => e.issues.filter((i) => i.code === 'invalid_literal').length
  const best = issue.unionErrors
    .filter((e) => !missesAction(e))
    .sort((a, b) => literalMiss(a) - literalMiss(b) || a.issues.length - b.issues.length)[0]
  return best ? best.issues : null
}

function flatten(issues: ZodIssue[]): string[] {
  return issues.flatMap((i) => {
    if (i.code === 'invalid_union') {
      const inner = closest(i)
      return inner ? flatten(inner) : ['action：不支持的操作']
    }
    return [i.path.length ? `${i.path.join('.')}：${describe(i)}` : describe(i)]
  })
}

export function renderZodError(error: ZodError): string {
  return flatten(error.issues).slice(0, 5).join('；')
}
