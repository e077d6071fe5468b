import { CREDENTIAL_TITLES } from '../../../types/spaceModels'
import type { ServiceView } from '../../../types/counter'
import { matterById, type Matter } from '../../domain/counter/matters'
import { AppError } from '../../domain/errors'
import type { CounterCase } from '../../ports/counterStores'
import { detailSections } from '../../domain/space/credentialView'
import type { CredentialPayload } from '../../domain/space/credential'
import type { CounterDeps } from './counterDeps'

/** Field labels as the credential's own detail rows name them (a sample record gives the labels). */
export function fieldLabel(type: CredentialPayload['type'], key: string): string {
  return LABELS[type][key] ?? key
}
const LABELS: Record<CredentialPayload['type'], Record<string, string>> = {
  id_card: { name: '姓名', sex: '性别', birthDate: '出生日期', idNumber: '公民身份号码' },
  household_register: { householdNumber: '户号', householdType: '户别', head: '户主姓名', address: '住址' },
  birth_certificate: {
    certificateNumber: '出生医学证明编号', newbornName: '新生儿姓名', sex: '性别', birthTime: '出生时间', birthPlace: '出生地点',
    hospital: '接生机构', 'mother.name': '母亲姓名', 'mother.idNumber': '母亲身份证号码', 'father.name': '父亲姓名', 'father.idNumber': '父亲身份证号码',
  },
  property: { certificateNumber: '不动产权证书号', address: '坐落' },
}

/** The allowed fields of one credential, with their values, from the holder's stored record. */
export function formFields(p: CredentialPayload, allowed: readonly string[]) {
  const all = detailSections(p).flatMap((s) => s.fields)
  return allowed.map((key) => ({ key, label: fieldLabel(p.type, key), value: all.find((f) => f.key === key)?.value ?? '—' }))
}

export function requireMatter(id: string): Matter {
  const m = matterById(id)
  if (!m) throw new AppError('MATTER_NOT_ALLOWED')
  return m
}

/** What the case is now: an unanswered request and a grant both run out on their own. */
export function caseState(c: CounterCase, now: number): ServiceView['state'] {
  if (c.state === 'awaiting') return now < c.answerBy ? 'awaiting' : 'expired'
  if (c.state === 'confirmed') return c.grantExpiresAt !== null && now < c.grantExpiresAt ? 'confirmed' : 'expired'
  return c.state
}

export async function serviceView(deps: CounterDeps, c: CounterCase): Promise<ServiceView> {
  const matter = requireMatter(c.matterId)
  const [counter, operator] = await Promise.all([deps.counter.counters.get(c.counterId), deps.counter.operators.get(c.operatorId)])
  const held = new Set(c.offered.map((o) => o.type))
  return {
    caseId: c.id,
    counterName: counter?.name ?? '办事窗口',
    operatorName: operator?.name ?? '窗口工作人员',
    matterName: matter.name,
    uses: matter.uses.map((u) => ({ type: u.type, title: CREDENTIAL_TITLES[u.type], fields: u.fields.map((f) => fieldLabel(u.type, f)), held: held.has(u.type) })),
    grantMinutes: Math.round(matter.grantMs / 60_000),
    state: caseState(c, deps.clock.now()),
    createdAt: c.createdAt,
    answerBy: c.answerBy,
    grantExpiresAt: c.grantExpiresAt,
  }
}

/** Ledger field keys of a case: `<type>.<field>` for every credential offered (no values). */
export function ledgerFields(matter: Matter, c: CounterCase): string[] {
  const types = new Set(c.offered.map((o) => o.type))
  return matter.uses.filter((u) => types.has(u.type)).flatMap((u) => u.fields.map((f) => `${u.type}.${f}`))
}
