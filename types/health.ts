import { z } from 'zod'
import { SessionToken } from './auth'
import { resultOf } from './errors'

/** Seed 002 FAQ 14: the five document types a declarant may be filed under. */
export const DocType = z.enum(['mainland_id', 'foreign_passport', 'hk_macau_permit', 'taiwan_permit', 'birth_certificate'])
export type DocType = z.infer<typeof DocType>
export const DOC_TYPE_LABELS: Record<DocType, string> = {
  mainland_id: '内地居民身份证',
  foreign_passport: '外国护照',
  hk_macau_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往内地通行证',
  birth_certificate: '出生医学证明',
}

/** FAQ 9: the frequency is the organization's own rule. `weekdays` = Monday to Friday (调休 not modelled). */
export const Frequency = z.enum(['daily', 'weekdays'])
export const FREQUENCY_LABELS: Record<z.infer<typeof Frequency>, string> = { daily: '每天', weekdays: '工作日（周一至周五）' }

export const HHmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '截止时间格式应为 HH:mm，例如 22:00')
/** A China-time calendar day (Asia/Shanghai), `YYYY-MM-DD`. */
export const DayString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD')
/** The filer picks 提交本日数据 or 补提交昨日数据; the server turns it into a DayString by China time. */
export const DayChoice = z.enum(['today', 'yesterday'])
export const DateRange = z
  .object({ from: DayString, to: DayString })
  .refine((r) => r.from <= r.to, '开始日期不能晚于结束日期')
const Id = z.string().min(1).max(64)
const personName = z.string().trim().min(1, '请输入申报人姓名').max(30, '姓名过长')

/** Raw as typed; normalised and checked per type by domain/health/documents.ts, not here. */
export const DeclarantInput = z.object({ name: personName, docType: DocType, docNumber: z.string().min(1, '请输入证件号码').max(40) })
export const JoinAs = z.discriminatedUnion('as', [
  z.object({ as: z.literal('self') }), // 本人填报: identity from the real-name session
  z.object({ as: z.literal('proxy'), declarant: DeclarantInput }), // 代他人填报
])

/** The daily form: 基本信息 + 近期情况 (seed 002 names only the two parts; the fields are our choice). */
export const Symptom = z.enum(['fever', 'cough', 'fatigue', 'sore_throat', 'smell_taste_loss', 'diarrhea', 'other'])
export const HealthCodeColour = z.enum(['green', 'yellow', 'red'])
export const HealthForm = z.object({
  phone: z.string().regex(/^1\d{10}$/, '请输入11位手机号码'),
  currentLocation: z.string().trim().min(2, '请填写当前所在地').max(60),
  temperature: z.number().min(34, '体温应在 34–43℃ 之间，请核对').max(43, '体温应在 34–43℃ 之间，请核对').multipleOf(0.1, '体温请保留一位小数，例如 36.5'),
  symptoms: z.array(Symptom).max(7), // empty = 无不适症状
  symptomNote: z.string().max(100).optional(),
  riskContact: z.boolean(), // 近14天接触确诊/疑似/无症状感染者
  riskAreaTravel: z.boolean(), // 近14天到过中高风险地区
  healthCodeColour: HealthCodeColour,
  isolation: z.enum(['none', 'home', 'centralised']),
})
export type HealthForm = z.infer<typeof HealthForm>
export const HEALTH_FORM_LABELS = {
  sections: { basic: '基本信息', condition: '近期情况' },
  fields: {
    phone: '联系电话', currentLocation: '当前所在地', temperature: '今日体温（℃）', symptoms: '身体状况',
    symptomNote: '症状说明', riskContact: '近14天是否接触过确诊、疑似病例或无症状感染者',
    riskAreaTravel: '近14天是否到过中高风险地区', healthCodeColour: '粤康码颜色', isolation: '隔离情况',
  },
  symptoms: { fever: '发热', cough: '咳嗽', fatigue: '乏力', sore_throat: '咽痛', smell_taste_loss: '嗅（味）觉减退', diarrhea: '腹泻', other: '其他不适' },
  healthCodeColour: { green: '绿码', yellow: '黄码', red: '红码' },
  isolation: { none: '未隔离', home: '居家隔离', centralised: '集中隔离' },
} as const

export const WorkbenchFilter = z.enum(['all', 'submitted', 'missing', 'abnormal'])
const auth = { sessionToken: SessionToken }
const Ticket = z.string().min(1).max(1024)
export const HealthEvent = z.discriminatedUnion('action', [
  /** The declaration home: orgs I collect for, and my declarants with each org's status (FAQ 12). */
  z.object({ action: z.literal('home'), ...auth }),
  z.object({ action: z.literal('createOrg'), ...auth, name: z.string().trim().min(2, '组织名称至少2个字').max(40, '组织名称不超过40字'), deadline: HHmm, frequency: Frequency }),
  z.object({ action: z.literal('issueInvite'), ...auth, orgId: Id }),
  /** The card's landing page: which org, whose card, before anything is joined. */
  z.object({ action: z.literal('previewInvite'), ...auth, ticket: Ticket }),
  // Before login: only what the card itself shows in the chat (which org, whose card), once the signature checks out.
  z.object({ action: z.literal('inviteCard'), ticket: Ticket }),
  z.object({ action: z.literal('joinByInvite'), ...auth, ticket: Ticket, join: JoinAs }),
  z.object({ action: z.literal('myDeclarants'), ...auth }),
  /**
   * What the daily form needs: org, declarant (masked), today's and yesterday's state, the last
   * form. `day`: the collector correcting that day from the workbench (FAQ 2: 联系采集员).
   */
  z.object({ action: z.literal('formContext'), ...auth, orgId: Id, declarantId: Id, day: DayString.optional() }),
  z.object({
    // A filer picks 'today' | 'yesterday'; only the org's collector may name an earlier day (a correction).
    action: z.literal('submitDeclaration'), ...auth, orgId: Id, declarantId: Id, day: z.union([DayChoice, DayString]),
    clientId: z.string().uuid(), // 重新提交 resends the same clientId: one submission, never counted twice
    form: HealthForm,
  }),
  z.object({ action: z.literal('removeDeclarant'), ...auth, declarantId: Id }), // frees a proxy slot; still a member
  z.object({ action: z.literal('leaveOrgFor'), ...auth, orgId: Id, declarantId: Id }), // re-joining needs a new card
  z.object({
    action: z.literal('workbenchDay'), ...auth, orgId: Id, day: DayString, filter: WorkbenchFilter.default('all'),
    search: z.string().trim().max(30).optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50),
  }),
  z.object({ action: z.literal('lockDay'), ...auth, orgId: Id, day: DayString }), // 采集员提交当日数据
  /**
   * two filers gave a member different names for a document nobody can check
   * (a permit, a passport): the collector keeps the name shown or takes the other one. `day`: the
   * workbench day the choice was made on (the reply's rows are that day's).
   */
  z.object({ action: z.literal('resolveName'), ...auth, orgId: Id, day: DayString, declarantId: Id, keep: z.enum(['current', 'other']) }),
  z.object({ action: z.literal('remindMissing'), ...auth, orgId: Id, day: DayString }),
  z.object({ action: z.literal('stats'), ...auth, orgId: Id, range: DateRange }),
  /** jobId: chosen by the client so it can poll exportProgress while this call runs. */
  z.object({ action: z.literal('export'), ...auth, orgId: Id, range: DateRange, jobId: z.string().uuid() }),
  z.object({ action: z.literal('exportProgress'), ...auth, jobId: z.string().uuid() }),
  /** Reminders delivered to me (the local outbox; WeChat delivers subscribe messages itself). */
  z.object({ action: z.literal('inbox'), ...auth }),
])
export type HealthEvent = z.infer<typeof HealthEvent>
export type HealthAction = HealthEvent['action']

const OrgRole = z.enum(['collector', 'member'])
export const OrgView = z.object({
  orgId: Id, name: z.string(), deadline: HHmm, frequency: Frequency, role: OrgRole, collectorMaskedName: z.string(),
})
export type OrgView = z.infer<typeof OrgView>
export const DayStatus = z.enum(['submitted', 'missing', 'locked', 'not_due'])
export type DayStatus = z.infer<typeof DayStatus>
/** `locked`: not filed, and the collector has since submitted the day (lockDay); it says so, not 截止 (the deadline may be hours away). */
export const DAY_STATUS_LABELS: Record<DayStatus, string> = { submitted: '已申报', missing: '未申报', locked: '未申报（采集员已提交当日数据）', not_due: '今日无需申报' }
/** Who filed a counted entry: the declarant, a proxy (masked), or the org's collector. */
export const FiledBy = z.object({ by: z.enum(['self', 'proxy', 'collector']), filerId: z.string(), maskedName: z.string(), at: z.number() })
export type FiledBy = z.infer<typeof FiledBy>
/** The same, as a viewer reads it: 您 / 本人 / 代填人 **明 / 采集员, and when. */
export const FiledByView = z.object({ text: z.string(), at: z.number(), mine: z.boolean() })
export const DeclarantOrg = z.object({
  orgId: Id, orgName: z.string(), deadline: HHmm, today: DayStatus, lastSubmittedAt: z.number().nullable(), abnormal: z.boolean(),
  /** Today was submitted by the collector (FAQ 2): nothing more can be filed for today. */
  locked: z.boolean(),
  /** Who filed today's counted entry, when there is one. */
  filedBy: FiledByView.nullable(),
})
export const DeclarantView = z.object({
  declarantId: Id, maskedName: z.string(), docType: DocType, maskedDocNumber: z.string(), relation: z.enum(['self', 'proxy']),
  orgs: z.array(DeclarantOrg), // FAQ 12: the same person's status in each org
})
export type DeclarantView = z.infer<typeof DeclarantView>
export const WorkbenchRow = z.object({
  declarantId: Id, maskedName: z.string(), docType: DocType, status: DayStatus, submittedAt: z.number().nullable(),
  late: z.boolean(), abnormal: z.array(z.string()), // HealthForm field keys; labels from HEALTH_FORM_LABELS
})
export type WorkbenchRow = z.infer<typeof WorkbenchRow>
export const Counts = z.object({ members: z.number(), submitted: z.number(), missing: z.number(), abnormal: z.number() })
export type Counts = z.infer<typeof Counts>
const DayWindow = z.object({
  day: DayString, kind: z.enum(['today', 'backfill']), open: z.boolean(), late: z.boolean(),
  reason: z.string().nullable(), submitted: z.boolean(), locked: z.boolean(), deadlineAt: z.number(),
  /** Who filed that day's counted entry: the next filer is told before replacing someone else's. */
  filedBy: FiledByView.nullable(),
})
export const OutboxMessage = z.object({ id: z.string(), at: z.number(), title: z.string(), body: z.string(), page: z.string() })
export type OutboxMessage = z.infer<typeof OutboxMessage>
export const StatsDay = Counts.extend({ day: DayString, due: z.boolean(), locked: z.boolean() })

export const HealthResults = {
  home: resultOf(z.object({ collectorOrgs: z.array(OrgView.extend({ members: z.number() })), declarants: z.array(DeclarantView) })),
  createOrg: resultOf(z.object({ org: OrgView })),
  issueInvite: resultOf(z.object({ ticket: z.string(), path: z.string(), expiresAt: z.number(), title: z.string() })),
  previewInvite: resultOf(z.object({ org: OrgView, expiresAt: z.number(), mine: z.array(DeclarantView) })),
  inviteCard: resultOf(z.object({ orgName: z.string(), collectorMaskedName: z.string(), deadline: HHmm, frequency: Frequency, expiresAt: z.number() })),
  joinByInvite: resultOf(z.object({ org: OrgView, declarant: DeclarantView })),
  myDeclarants: resultOf(z.object({ items: z.array(DeclarantView) })),
  formContext: resultOf(z.object({
    org: OrgView, declarant: DeclarantView.omit({ orgs: true }), asCollector: z.boolean(),
    today: DayWindow, yesterday: DayWindow, lastForm: HealthForm.nullable(),
    /** The day asked for with `day` (collector only), else null. */
    picked: DayWindow.nullable(),
    /** Subscribe-message template the filer is asked to accept on submit (WeChat only; null locally). */
    remindTemplateId: z.string().nullable(),
  })),
  submitDeclaration: resultOf(z.object({
    declarationId: z.string(), day: DayString, submittedAt: z.number(), late: z.boolean(),
    replayed: z.boolean(), // true: this clientId had already been stored; nothing new was counted
  })),
  removeDeclarant: resultOf(z.object({ removed: z.literal(true) })),
  leaveOrgFor: resultOf(z.object({ left: z.literal(true) })),
  workbenchDay: resultOf(z.object({
    org: OrgView, day: DayString, deadlineAt: z.number(), locked: z.boolean(), lockedAt: z.number().nullable(), due: z.boolean(),
    firstDay: DayString, // the org's creation day (China): the date picker starts there, nothing before it exists
    // maskedDocNumber: tells apart two members both shown as **涵
    // name: the member's full name, for the org's collector only (the export names them too)
    // nameConflict / otherName: filers gave different names for a document nobody can check
    counts: Counts, rows: z.array(WorkbenchRow.extend({
      name: z.string(), maskedDocNumber: z.string(), filedBy: FiledByView.nullable(), nameConflict: z.boolean(), otherName: z.string().nullable(),
    })), total: z.number(),
    // The day's stored 提醒未申报 trace : the latest reminder's time and how many filers it
    // reached, and how many times the day was reminded; null before the first. Nothing personal.
    reminder: z.object({ at: z.number(), count: z.number().int().nonnegative(), times: z.number().int().positive() }).nullable(),
  })),
  lockDay: resultOf(z.object({ day: DayString, lockedAt: z.number(), counts: Counts })),
  // name: the member's name as the workbench now shows it
  resolveName: resultOf(z.object({ name: z.string() })),
  // refused: 43101, the filer has not accepted the template; failed: any other error (worth retrying)
  remindMissing: resultOf(z.object({ reminded: z.number(), refused: z.number(), failed: z.number(), unreachable: z.number() })),
  stats: resultOf(z.object({ days: z.array(StatsDay) })),
  // url: a short-lived download link (CloudBase temp URL; on the local cloud a signed root-relative /files/… path);
  // fileName: what to save it as; bytes: the workbook's size
  export: resultOf(z.object({ fileName: z.string(), url: z.string().min(1), rowCount: z.number(), bytes: z.number().int().nonnegative() })),
  // failed: the export threw; the page stops its progress bar and offers 重试
  exportProgress: resultOf(z.object({ state: z.enum(['running', 'done', 'failed', 'unknown']), done: z.number(), total: z.number() })),
  inbox: resultOf(z.object({ messages: z.array(OutboxMessage) })),
} satisfies Record<HealthAction, unknown>

export type HealthData = { [A in HealthAction]: z.infer<(typeof HealthResults)[A]> extends infer R ? (R extends { ok: true; data: infer D } ? D : never) : never }

/** The card's page inside the health subpackage; the ticket rides in the query string. */
export const INVITE_PAGE = '/health/invite/index'
