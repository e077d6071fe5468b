/**
 * Why linking a child failed (SPEC §3; seed 000 Q7–Q12), each with a Chinese message and the same
 * way out: apply as "pending on-site verification" and bring the papers (seed 000 note 1, Q7).
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

export type ReasonCode = ReasonDetail['code']
export type GuardianReason = ReasonDetail & { message: string; fallback: string }

/** The way out of a linking dead end; a claim has its own wording (domain/space/claimRefusal). */
export const LINK_FALLBACK =
  '如最终无法在线关联，请在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质出生医学证明、户口簿等材料供学校核验。'
const CHECK_ID = '请核实输入的被监护人身份证号码（有多个孩子时不要输成另一个孩子的号码，不要输入空格）。'

export const REASON_TEXT: Record<ReasonCode, string> = {
  ID_INVALID: '被监护人身份证号码有误',
  NO_BIRTH_CERT: '您还没有申领被监护人的出生医学证明，请先在“证照数据管理”中申领。',
  NOT_PARENT_ON_CERT: '只有出生医学证明上登记的父亲或母亲才能通过该证明关联被监护人。',
  OUTSIDE_COVERAGE: '系统暂无该出生医学证明的电子数据，无法在线关联。',
  NO_REGISTER: '需被监护人办理户口簿才可以办理。',
  NOT_GUANGDONG_REGISTER: '被监护人不是广东户口，无法在线关联。',
  SEVERAL_REGISTERS: '被监护人存在多个户口簿，请咨询户籍地户政窗口核查。',
  FIELDS_DIFFER: '户口簿信息与出生医学证明不一致',
  NAME_NOT_IN_FORMER_NAMES: '户口簿的曾用名中没有出生医学证明上的新生儿姓名，无法通过改名关联。',
}

export const FIELD_TEXT: Record<ComparedField, string> = { name: '姓名', sex: '性别', birthDate: '出生日期' }

const NO_REGISTER_TEXT: Record<NoRegisterCause, string> = {
  none: '未查到该身份证号码的户口簿信息。',
  not_issued: '户口簿尚未签发。',
  not_current: '户口簿数据未更新（如户口作废、迁出）。',
  name_not_found: '按输入的现用姓名未查到户口簿信息，请核对孩子现在的姓名。',
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
      return `${REASON_TEXT.NO_REGISTER}${NO_REGISTER_TEXT[r.cause]}${CHECK_ID}`
    case 'NOT_GUANGDONG_REGISTER':
      return `${REASON_TEXT.NOT_GUANGDONG_REGISTER}（户籍：${r.provinceName}）${CHECK_ID}`
    case 'FIELDS_DIFFER': {
      const which = r.fields.map((f) => FIELD_TEXT[f]).join('、')
      const renamed = r.offerRenamedPath ? '如孩子改过名字，请输入孩子现在的姓名再关联。' : ''
      const side = r.source === 'id_number' ? '输入的身份证号码中的' : '户口簿上的'
      return `${side}${which}与出生医学证明不一致。${renamed}${CHECK_ID}`
    }
    default:
      return REASON_TEXT[r.code]
  }
}

export function explain(r: ReasonDetail): GuardianReason {
  return { ...r, message: details(r), fallback: LINK_FALLBACK }
}
