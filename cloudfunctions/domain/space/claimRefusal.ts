import type { BirthCertificate, HouseholdRegister } from '../../../types/registry'
import type { CredentialType } from '../../../types/space'
import { errorBody } from '../errors'
import { SELF_CONSENT_AGE } from '../guardian/age'
import { coverageOf, GUANGDONG_CODE } from '../guardian/coverage'
import { maskName } from '../mask'

/** Why a record the registry holds cannot be claimed online; same shape as a link reason. */
export interface Refusal {
  code: string
  message: string
  fallback: string
  details: Record<string, unknown>
}

/** The way out when a credential cannot be claimed online (seed 000 note 3, Q7, Q10). */
export const CLAIM_FALLBACK =
  '如无法在线申领，请在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质出生医学证明、户口簿等材料供学校核验。'

/**
 * The way out per credential: each names its own paper. A property (seed 000 note 4): 时间较长的房产，
 * 无法领取电子证的，待现场报名时出示给学校核验；无房产的可不授权.
 */
export const CLAIM_FALLBACKS: Record<CredentialType, string> = {
  birth_certificate: CLAIM_FALLBACK,
  household_register: CLAIM_FALLBACK,
  id_card: '如无法在线申领，请在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时携带居民身份证原件供学校核验。',
  property:
    '如无法在线申领：时间较长的房产无法领取电子证的，请在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时出示纸质不动产权证书供学校核验；无房产的可不授权。',
}

/** Seed 000 Q5 / PIPL art. 31: a child under 14 does not claim or authorize; a parent links them. */
const UNDER_FOURTEEN_BIRTH_CERT: Refusal = {
  code: 'NOT_PARENT_ON_BIRTH_CERT',
  message: '出生医学证明由父母申领，请让父母登录后关联',
  fallback:
    '未满14周岁的孩子不能自己申领和授权。请让出生医学证明上登记的父亲或母亲登录数字空间，申领出生医学证明后通过“关联被监护人”关联您，再由父母授权。',
  details: { underFourteen: true },
}

/** Seed 000 Q5 / PIPL art. 31 for the other credentials: the parent claims them as the child's, after linking. */
const UNDER_FOURTEEN_OWN: Omit<Refusal, 'details'> = {
  code: 'GUARDIAN_REQUIRED',
  message: '未满14周岁的孩子不能自己申领证照，请让父母登录后关联并代为申领',
  fallback:
    '未满14周岁的孩子不能自己申领和授权。请让父亲或母亲登录数字空间，申领出生医学证明后通过“关联被监护人”关联您，再由父母代为申领您的居民身份电子凭证和户口簿。',
}

/**
 * A caller under 14 (a known age: `callerAge` as for noRecordRefusal) claims nothing into their
 * own space, whatever the registry holds; null for everyone else.
 */
export function minorClaimRefusal(type: CredentialType, callerAge: number | null): Refusal | null {
  if (callerAge === null || callerAge >= SELF_CONSENT_AGE) return null
  return type === 'birth_certificate' ? UNDER_FOURTEEN_BIRTH_CERT : { ...UNDER_FOURTEEN_OWN, details: { underFourteen: true } }
}

/**
 * The registry holds nothing of this type for the caller. `callerAge` is the caller's full years
 * (domain/guardian/age fullYearsOn), null when unknown: only a known age under 14 changes the
 * birth-certificate answer (an unreadable age must not tell an adult to ask their parents).
 */
export function noRecordRefusal(type: CredentialType, callerAge: number | null): Refusal {
  if (type === 'birth_certificate' && callerAge !== null && callerAge < SELF_CONSENT_AGE) return UNDER_FOURTEEN_BIRTH_CERT
  // Seed 000 Q7: a birth certificate only for the mother or father named on it (name + ID number).
  const { code, message } = errorBody(type === 'birth_certificate' ? 'NOT_PARENT_ON_BIRTH_CERT' : 'REGISTRY_NO_RECORD')
  return { code, message, fallback: CLAIM_FALLBACKS[type], details: {} }
}

const ON_SITE = '请在报名时选择“户籍生待审类（含未授权）”，并携带纸质出生医学证明现场核验。'

/**
 * SPEC §2 / seed 000 note 3: births in Guangdong hospitals from 2014-01-01 (Guangzhou, Shenzhen,
 * Foshan, Zhuhai from 2018-05-01). Null when the certificate is covered and claimable.
 */
export function birthCertificateRefusal(cert: BirthCertificate): Refusal | null {
  const c = coverageOf(cert)
  if (c.covered) return null
  const newborn = maskName(cert.newbornName)
  const details: Record<string, unknown> = { newbornName: newborn, why: c.why }
  let message: string
  if (c.why === 'outside_guangdong') {
    details.area = c.provinceName
    message = `新生儿${newborn}在广东省外（${c.provinceName}）出生，电子证照库只有广东省内医院出生的出生医学证明，无法在线申领。`
  } else if (c.why === 'before_start') {
    Object.assign(details, { area: c.area, since: c.since, birthDate: c.birthDate })
    message = `电子证照库只有${c.since}起在${c.area}出生的出生医学证明，新生儿${newborn}（${c.birthDate}出生）的无法在线申领。`
  } else {
    message = `新生儿${newborn}的出生医学证明出生时间无法识别，无法在线申领。`
  }
  return { code: 'OUTSIDE_COVERAGE', message: message + ON_SITE, fallback: CLAIM_FALLBACK, details }
}

/**
 * Seed 000 Q7: the registry finds a certificate by the parent's name + ID number, so a parent
 * whose own name changed after the birth finds nothing under the new name. When the certificate
 * names this ID number under one of the person's former names, say that (not "no certificate
 * names you"), with the paper way out that fits it.
 */
export function parentRenamedRefusal(cert: BirthCertificate, role: 'mother' | 'father', formerName: string): Refusal {
  const who = role === 'father' ? '父亲' : '母亲'
  const newborn = maskName(cert.newbornName)
  return {
    code: 'PARENT_NAME_CHANGED',
    message: `新生儿${newborn}的出生医学证明上登记的${who}姓名是您的曾用名（${maskName(formerName)}），与您现在的姓名不一致。出生医学证明按本人姓名和身份证号码核对，姓名变更后无法在线申领。`,
    fallback:
      '请在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质出生医学证明、登记有曾用名的户口簿（或派出所出具的姓名变更证明）供学校核验。',
    details: { newbornName: newborn, role, formerName: maskName(formerName) },
  }
}

/** Only an issued, current, Guangdong register is in the provincial registry's e-licences. */
export function registerRefusal(r: HouseholdRegister): Refusal | null {
  const details = { householdNumber: `${r.householdNumber.slice(0, 2)}****`, provinceName: r.provinceName }
  if (r.provinceCode !== GUANGDONG_CODE) {
    return { code: 'NOT_GUANGDONG_REGISTER', message: `户籍在${r.provinceName}，不是广东户口簿，无法在线申领。`, fallback: CLAIM_FALLBACK, details }
  }
  if (!r.issued) return { code: 'REGISTER_NOT_ISSUED', message: '户口簿尚未签发（需办理户口簿才可以申领）。', fallback: CLAIM_FALLBACK, details }
  if (!r.current) {
    return { code: 'REGISTER_NOT_CURRENT', message: '户口簿数据未更新（如户口作废、迁出），请咨询户籍地户政窗口。', fallback: CLAIM_FALLBACK, details }
  }
  return null
}
