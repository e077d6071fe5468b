/**
 * Why linking a child failed (SPEC §3; seed 000 Q7–Q12), each with a Chinese message, the next step
 * that fits the cause, and the same way out: apply as "pending on-site verification" and bring the
 * papers (seed 000 note 1, Q7).
 */
export type ComparedField = 'name' | 'sex' | 'birthDate'
/** Certificate side vs register side, names masked (the typed ID may be someone else's child). */
export interface FieldComparison {
  field: ComparedField
  certificate: string
  register: string
}
export type OutsideWhy = 'outside_guangdong' | 'before_start' | 'unreadable_birth_time'
export type NoRegisterCause = 'none' | 'not_issued' | 'not_current' | 'name_not_found'

export type ReasonDetail =
  | { code: 'ID_INVALID'; detail: string }
  | { code: 'NO_BIRTH_CERT' }
  | { code: 'NOT_PARENT_ON_CERT' }
  /** area: the province born in (outside_guangdong) or where coverage starts late (before_start). */
  | { code: 'OUTSIDE_COVERAGE'; why: OutsideWhy; area?: string; since?: string }
  | { code: 'NO_REGISTER'; cause: NoRegisterCause }
  | { code: 'NOT_GUANGDONG_REGISTER'; provinceName: string }
  | { code: 'SEVERAL_REGISTERS'; count: number }
  /** source id_number: the register was not consulted, its side is what the typed ID number encodes. */
  | { code: 'FIELDS_DIFFER'; fields: ComparedField[]; comparisons: FieldComparison[]; offerRenamedPath: boolean; source?: 'id_number' }
  | { code: 'NAME_NOT_IN_FORMER_NAMES'; newbornName: string; formerNames: string[] }
  /**
   * Seed 000 Q8 (多个小孩，需要关联 A 的但输入了 B): the typed number's register entry is the child of
   * another birth certificate this parent claimed. Names masked; the id is that certificate's.
   */
  | { code: 'NUMBER_OF_OTHER_CHILD'; newbornName: string; otherNewbornName: string; otherBirthCertificateId: string }

export type ReasonCode = ReasonDetail['code']

/**
 * What the result page offers first: retype (only when what was typed may be wrong), the renamed
 * path, the other child's certificate, or leave (back to the space: nothing typed would change it).
 */
export type NextStep = 'retype' | 'renamed' | 'other_certificate' | 'leave'
export type GuardianReason = ReasonDetail & { message: string; fallback: string; nextStep: NextStep }

/** The way out of a linking dead end; a claim has its own wording (domain/space/claimRefusal). */
export const LINK_FALLBACK =
  '如最终无法在线关联，请在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质出生医学证明、户口簿等材料供学校核验。'
/** Seed 000 Q8–Q9: only where the typed number may be the cause. */
const CHECK_ID = '请核实输入的被监护人身份证号码（有多个孩子时不要输成另一个孩子的号码，不要输入空格）。'
/** Seed 000 Q7.3–Q7.4: register and certificate must agree; the 户政窗口 corrects the register. */
const CORRECT_AT_STATION = '请携带出生医学证明、户口簿到户籍所在地派出所核实更正，更正后再关联。'

export const REASON_TEXT: Record<ReasonCode, string> = {
  ID_INVALID: '被监护人身份证号码有误',
  NO_BIRTH_CERT: '您还没有申领被监护人的出生医学证明，请先在“证照数据管理”中申领。',
  NOT_PARENT_ON_CERT: '只有出生医学证明上登记的父亲或母亲才能通过该证明关联被监护人。',
  OUTSIDE_COVERAGE: '系统暂无该出生医学证明的电子数据，无法在线关联。',
  NO_REGISTER: '需被监护人办理户口簿才可以办理。',
  NOT_GUANGDONG_REGISTER: '被监护人不是广东户口，无法在线关联。',
  SEVERAL_REGISTERS: '被监护人存在多个户口簿，无法在线关联。',
  FIELDS_DIFFER: '户口簿信息与出生医学证明不一致',
  NAME_NOT_IN_FORMER_NAMES: '户口簿的曾用名中没有出生医学证明上的新生儿姓名，无法通过改名关联。',
  NUMBER_OF_OTHER_CHILD: '输入的身份证号码属于您的另一个孩子',
}

export const FIELD_TEXT: Record<ComparedField, string> = { name: '姓名', sex: '性别', birthDate: '出生日期' }

const NO_REGISTER_TEXT: Record<NoRegisterCause, string> = {
  none: `未查到该身份证号码的户口簿信息。如孩子还没有办理纸质户口簿，请先到户籍所在地派出所办理；${CHECK_ID}`,
  not_issued: '孩子的户口簿尚未签发，请先到户籍所在地派出所办理纸质户口簿，办好后再关联。',
  not_current: '户口簿数据未更新（如户口作废、迁出），请到户籍地户政窗口核查，更新后再关联。',
  name_not_found: '输入的孩子现用姓名与户口簿上登记的姓名不一致，请按户口簿上的姓名重新输入孩子现在的姓名。',
}

function fieldsDiffer(r: Extract<ReasonDetail, { code: 'FIELDS_DIFFER' }>): string {
  const which = r.fields.map((f) => FIELD_TEXT[f]).join('、')
  if (r.source === 'id_number') {
    // Decided from the number alone: a typo and a register that disagrees with the certificate look alike.
    return `输入的身份证号码中的${which}与出生医学证明不一致。${CHECK_ID}如号码无误，说明孩子的户籍登记与出生医学证明不一致，${CORRECT_AT_STATION}`
  }
  if (r.offerRenamedPath) {
    return `户口簿上的${which}与出生医学证明不一致。如孩子改过名字，请输入孩子现在的姓名再关联。${CHECK_ID}`
  }
  return `户口簿上的${which}与出生医学证明不一致。${CORRECT_AT_STATION}`
}

function details(r: ReasonDetail): string {
  switch (r.code) {
    case 'ID_INVALID':
      return `${REASON_TEXT.ID_INVALID}：${r.detail}。${CHECK_ID}`
    case 'OUTSIDE_COVERAGE':
      if (r.why === 'outside_guangdong') {
        return `系统目前只有广东省内医院出生的儿童信息，广东省外（出生地：${r.area ?? '省外'}）出生的无法在线关联。`
      }
      if (r.why === 'before_start') return `系统只有${r.since}起在${r.area}出生的儿童信息，更早出生的无法在线关联。`
      return `出生医学证明的出生时间无法识别。${REASON_TEXT.OUTSIDE_COVERAGE}`
    case 'NO_REGISTER':
      // The register exists and names the child by another name: it is the typed name that differs.
      if (r.cause === 'name_not_found') return NO_REGISTER_TEXT.name_not_found
      return `${REASON_TEXT.NO_REGISTER}${NO_REGISTER_TEXT[r.cause]}`
    case 'NOT_GUANGDONG_REGISTER':
      // Seed 000 Q12 / note 1: a child registered outside Guangdong applies as 非户籍生 / 待审类.
      return `被监护人户籍在${r.provinceName}，不是广东户口，无法在线关联。请在报名系统按非户籍生报名，或选择“户籍生待审类（含未授权）”报名，现场出示纸质户口簿供学校核验。`
    case 'SEVERAL_REGISTERS':
      // Seed 000 Q7.3: migrated households may hold two registers or one not yet updated.
      return `${REASON_TEXT.SEVERAL_REGISTERS}孩子只能有一个现行户口簿（迁移过户口的可能存在两个户口簿或户口簿信息暂未更新），请到户籍地户政窗口核查注销多余的户口簿后再关联。`
    case 'FIELDS_DIFFER':
      return fieldsDiffer(r)
    case 'NAME_NOT_IN_FORMER_NAMES':
      return `${REASON_TEXT.NAME_NOT_IN_FORMER_NAMES}请携带出生医学证明、户口簿到户籍所在地派出所，申请将曾用名（${r.newbornName}）登记到户口簿上，登记后再关联。`
    case 'NUMBER_OF_OTHER_CHILD':
      return `${REASON_TEXT.NUMBER_OF_OTHER_CHILD}${r.otherNewbornName}（与您申领的${r.otherNewbornName}的出生医学证明姓名、性别、出生日期一致），不是这份出生医学证明上的${r.newbornName}。关联${r.otherNewbornName}请从${r.otherNewbornName}的出生医学证明关联；关联${r.newbornName}请输入${r.newbornName}的身份证号码。`
    default:
      return REASON_TEXT[r.code]
  }
}

function nextStepOf(r: ReasonDetail): NextStep {
  switch (r.code) {
    case 'ID_INVALID':
      return 'retype'
    case 'FIELDS_DIFFER':
      return r.source === 'id_number' ? 'retype' : r.offerRenamedPath ? 'renamed' : 'leave'
    case 'NO_REGISTER':
      return r.cause === 'none' || r.cause === 'name_not_found' ? 'retype' : 'leave'
    case 'NUMBER_OF_OTHER_CHILD':
      return 'other_certificate'
    default:
      return 'leave'
  }
}

export function explain(r: ReasonDetail): GuardianReason {
  return { ...r, message: details(r), fallback: LINK_FALLBACK, nextStep: nextStepOf(r) }
}
