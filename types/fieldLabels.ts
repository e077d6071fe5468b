import type { CredentialType } from './spaceModels'

/**
 * The one table of the field labels a counter may read, as the credential's detail rows name them.
 * The mini-program, the cloud functions and the counter workstation all read it from here, so a
 * label renamed once is renamed at the counter too. No zod here: the workstation's bundle needs only this.
 */
export const COUNTER_FIELD_LABELS: Record<CredentialType, Record<string, string>> = {
  id_card: { name: '姓名', sex: '性别', birthDate: '出生日期', idNumber: '公民身份号码' },
  household_register: { householdNumber: '户号', householdType: '户别', head: '户主姓名', address: '住址' },
  birth_certificate: {
    certificateNumber: '出生医学证明编号', newbornName: '新生儿姓名', sex: '性别', birthTime: '出生时间', birthPlace: '出生地点',
    hospital: '接生机构', 'mother.name': '母亲姓名', 'mother.idNumber': '母亲身份证号码', 'father.name': '父亲姓名', 'father.idNumber': '父亲身份证号码',
  },
  property: { certificateNumber: '不动产权证书号', address: '坐落' },
}

/** A field key's label, or the key itself when the table has none. */
export const fieldLabel = (type: CredentialType, key: string): string => COUNTER_FIELD_LABELS[type]?.[key] ?? key
