import type { CredentialType, HistoryAction } from '../../types/space'
import { PART_FIELDS } from '../../types/consentModels'
import { COUNTER_FIELD_LABELS } from '../../types/counter'

/** Words for the access history (数字档案袋, seed 000 Q1). */
export const ACTION_TEXT: Record<HistoryAction, string> = {
  claim: '申领证照',
  view: '查看证照详情',
  download: '下载证照PDF',
  link: '关联被监护人',
  claim_ward: '申领被监护人证照',
  report: '纠错反馈',
  authorize: '签署授权',
  // The consent pages' word (我的授权, seed 000): 注销, not 撤销.
  revoke: '注销授权',
  read: '业务系统调用',
}

export const ACTOR_TEXT = { self: '本人', guardian: '监护人', business_system: '业务系统' } as const

export const PARENT_ROLE_TEXT = { mother: '母亲', father: '父亲' } as const

/** The fields a holder can say are wrong, per credential (keys match the detail page's). */
export const REPORT_FIELDS: Record<CredentialType, Array<{ key: string; label: string }>> = {
  id_card: [
    { key: 'name', label: '姓名' },
    { key: 'sex', label: '性别' },
    { key: 'birthDate', label: '出生日期' },
    { key: 'idNumber', label: '公民身份号码' },
  ],
  household_register: [
    { key: 'householdNumber', label: '户号' },
    { key: 'head', label: '户主姓名' },
    { key: 'address', label: '住址' },
    { key: 'members', label: '成员信息（姓名、曾用名、性别、出生日期等）' },
  ],
  birth_certificate: [
    { key: 'newbornName', label: '新生儿姓名' },
    { key: 'sex', label: '性别' },
    { key: 'birthTime', label: '出生时间' },
    { key: 'hospital', label: '接生机构' },
    { key: 'mother', label: '母亲信息' },
    { key: 'father', label: '父亲信息' },
  ],
  property: [
    { key: 'certificateNumber', label: '不动产权证书号' },
    { key: 'address', label: '坐落' },
    { key: 'owners', label: '权利人' },
  ],
}

const FIELD_WORDS: Record<string, string> = {
  name: '姓名',
  sex: '性别',
  birthDate: '出生日期',
  newbornName: '新生儿姓名',
  birthTime: '出生时间',
  hospital: '接生机构',
  idNumber: '身份号码',
}

export function fieldLabel(type: CredentialType | undefined, key: string): string {
  const own = type ? REPORT_FIELDS[type].find((f) => f.key === key)?.label : undefined
  return own ?? FIELD_WORDS[key] ?? key
}

/** Authorizations, revocations and reads name consent fields: the same labels as the request page. */
const CONSENT_ACTIONS: ReadonlySet<HistoryAction> = new Set(['authorize', 'revoke', 'read'])

export function historyFieldLabel(action: HistoryAction, type: CredentialType | undefined, key: string): string {
  // A counter's reads name `<credential>.<field>`: several credentials in one entry.
  const counter = /^(id_card|household_register|birth_certificate|property)\.(.+)$/.exec(key)
  if (counter) return COUNTER_FIELD_LABELS[counter[1] as CredentialType][counter[2]] ?? counter[2]
  const consent = CONSENT_ACTIONS.has(action) && type && type in PART_FIELDS ? (PART_FIELDS as Record<string, Record<string, string>>)[type][key] : undefined
  return consent ?? fieldLabel(type, key)
}

/** China time (SPEC: Asia/Shanghai, no daylight saving), whatever the phone's zone. */
export function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000).toISOString()
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`
}

/** Common purposes for a download; the watermark prints the one chosen (SPEC §2). */
export const DOWNLOAD_PURPOSES = ['小学新生入学报名', '初中新生入学报名', '个人留存备查']
