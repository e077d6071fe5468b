import { CREDENTIAL_TITLES, type CredentialType } from '../../../types/spaceModels'
import { COUNTER_FIELD_LABELS } from '../../../types/fieldLabels'
import { delegationNotice, serviceNotice, type Notice, type NoticeCredential } from '../consent/notice'

/**
 * 事项 a counter may handle (SPEC §6, seed 004 §3): each names the credentials and fields it may use
 * (its allow-list) and how long the counter may read them once the holder confirms. Field keys are
 * those of the credential's detail rows (domain/space/credentialView.ts), so the form fills from
 * the same data the holder sees.
 */
export interface Matter {
  id: string
  name: string
  /** The credentials this matter may use, each with the fields it may read. */
  uses: ReadonlyArray<{ type: CredentialType; fields: readonly string[] }>
  /** How long the counter may read after 确认授权. */
  grantMs: number
}

export const MATTERS: readonly Matter[] = [
  {
    id: 'enrol-review',
    name: '义务教育新生入学现场审核',
    uses: [
      { type: 'id_card', fields: ['name', 'idNumber'] },
      { type: 'household_register', fields: ['householdNumber', 'householdType', 'head', 'address'] },
      { type: 'birth_certificate', fields: ['certificateNumber', 'newbornName', 'sex', 'birthTime', 'mother.name', 'father.name'] },
      { type: 'property', fields: ['certificateNumber', 'address'] },
    ],
    grantMs: 2 * 3600_000,
  },
  {
    id: 'household-settle',
    name: '户口迁入（投靠父母）',
    uses: [
      { type: 'id_card', fields: ['name', 'idNumber'] },
      { type: 'household_register', fields: ['householdNumber', 'head', 'address'] },
    ],
    grantMs: 3600_000,
  },
]

export const matterById = (id: string): Matter | undefined => MATTERS.find((m) => m.id === id)

/** The one check every counter read goes through: this matter names this credential and field. */
export function allowedFields(matter: Matter, type: CredentialType): readonly string[] {
  return matter.uses.find((u) => u.type === type)?.fields ?? []
}

/** The credentials of a matter as its 授权说明 lists them (only `types`, when given: what the holder holds). */
export function matterCredentials(matter: Matter, types?: ReadonlySet<CredentialType>): NoticeCredential[] {
  return matter.uses
    .filter((u) => !types || types.has(u.type))
    .map((u) => ({ title: CREDENTIAL_TITLES[u.type], fields: u.fields.map((f) => COUNTER_FIELD_LABELS[u.type][f] ?? f) }))
}

/** 服务授权's 授权说明: the counter, the matter, the credentials offered (held), the grant's minutes. */
export function serviceNoticeOf(counterName: string, matter: Matter, offered: ReadonlySet<CredentialType>): Notice {
  return serviceNotice({ counterName, matterName: matter.name, credentials: matterCredentials(matter, offered), grantMinutes: Math.round(matter.grantMs / 60_000) })
}

/** 发起委托's 授权说明: built on the form from the choices, and again by the server from the same choices. */
export function delegationNoticeOf(matter: Matter, days: number, confirmBy: 'holder' | 'agent'): Notice {
  return delegationNotice({ matterName: matter.name, credentials: matterCredentials(matter), days, confirmBy })
}
