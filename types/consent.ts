import { z } from 'zod'
import { SessionToken } from './auth'
import { resultOf } from './errors'
import { ApplicationType, ConsentView, DeclineReason, EvidenceTemplate, NoticeHash, PartKey, PartStatus, ProofBundle, Reason, RequestStatus, RequestView } from './consentModels'

import { ConsentReceipt } from './consentReceipt'

export * from './consentModels'

/**
 * The `consent` cloud function (SPEC §4) for the mini-program, and the business-system API. The
 * parent's identity comes from the session; the business system's from its own API key.
 */
const withSession = { sessionToken: SessionToken }
/** 授权码: 8 characters from an alphabet without look-alikes; typed codes are upper-cased. */
export const AuthCode = z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/, '授权码应为8位字母或数字'))
const ConsentId = z.string().regex(/^cs_[A-Za-z0-9_-]{8,40}$/, '授权记录编号不正确')
const FieldKey = z.string().min(1).max(40)

export const PartChoice = z.object({
  part: PartKey,
  /** Which item where there is a choice (the property at the register address). */
  optionId: z.string().max(40).optional(),
  /** Field-level scope: what the signer agrees to share (SPEC §4 minimal authorization). */
  fields: z.array(FieldKey).min(1, '请至少勾选一项授权内容').max(20),
})

export const ConsentEvent = z.discriminatedUnion('action', [
  /** From the QR code / link: who asks, why, which credentials and fields, how long, what I can sign. */
  z.object({ action: z.literal('open'), ...withSession, code: AuthCode }),
  /** 签署授权: after 我已认真阅读并同意 and a recent face check. */
  z.object({
    action: z.literal('sign'),
    ...withSession,
    code: AuthCode,
    agreed: z.literal(true, { errorMap: () => ({ message: '请先勾选“我已认真阅读并同意”' }) }),
    parts: z.array(PartChoice).min(1, '请至少选择一项证照').max(3),
    /** SHA-256 hex of the 授权说明 the page showed (RequestView.notice.hash): a stale one is refused (NOTICE_CHANGED). */
    notice: NoticeHash.optional(),
  }),
  /** 无法在线授权: a family member says a part cannot be authorized online, with the reason. */
  z.object({ action: z.literal('decline'), ...withSession, code: AuthCode, part: PartKey, reason: DeclineReason }),
  z.object({ action: z.literal('mine'), ...withSession }),
  /** 注销: stops reads at once. */
  z.object({ action: z.literal('revoke'), ...withSession, consentId: ConsentId }),
  /** 重新授权: the same part, item and fields again, as a new consent (needs a recent face check). */
  z.object({ action: z.literal('reauthorize'), ...withSession, consentId: ConsentId, agreed: z.literal(true, { errorMap: () => ({ message: '请先勾选“我已认真阅读并同意”' }) }) }),
  /** Signed checkpoint + inclusion of this consent's records + consistency from the size the device saw. */
  z.object({ action: z.literal('proof'), ...withSession, consentId: ConsentId, knownSize: z.number().int().min(0).optional() }),
  /** 查看授权说明: the text kept under this hash, as stored (the device checks it against the proven grant leaf). */
  z.object({ action: z.literal('notice'), ...withSession, hash: NoticeHash }),
  /** 保存授权凭证: the holder's own consent as a receipt anyone can verify offline (domain/consent/receipt.ts). */
  z.object({ action: z.literal('receipt'), ...withSession, consentId: ConsentId }),
])
export type ConsentEvent = z.infer<typeof ConsentEvent>
export type ConsentAction = ConsentEvent['action']

export const ConsentResults = {
  open: resultOf(z.object({ request: RequestView })),
  sign: resultOf(z.object({ consentIds: z.array(z.string()), request: RequestView })),
  decline: resultOf(z.object({ request: RequestView })),
  mine: resultOf(z.object({ consents: z.array(ConsentView) })),
  revoke: resultOf(z.object({ consent: ConsentView })),
  reauthorize: resultOf(z.object({ consent: ConsentView })),
  /**
   * `notice`: the 授权说明 kept under the consent's notice hash, as stored (null: none kept, or a
   * consent from before notices). The device checks its SHA-256 against the proven grant leaf's `notice`.
   */
  proof: resultOf(z.object({ bundle: ProofBundle, consentId: z.string(), notice: z.object({ hash: z.string(), text: z.string() }).nullable() })),
  notice: resultOf(z.object({ hash: z.string(), text: z.string() })),
  receipt: resultOf(z.object({ receipt: ConsentReceipt, fileName: z.string() })),
} satisfies Record<ConsentAction, unknown>

export type ConsentData = { [A in ConsentAction]: z.infer<(typeof ConsentResults)[A]> extends infer R ? (R extends { ok: true; data: infer D } ? D : never) : never }

/** Business-system API (`POST /biz/<action>`, `Authorization: Bearer <systemId>.<secret>`). */
const Phone = z.string().trim().regex(/^1\d{10}$/, '手机号应为11位')
const Name = z.string().trim().min(1, '请填写姓名').max(30)
export const BizEvent = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('createRequest'),
    /** e.g. `2025惠城区义务教育` (seed 000 §二.2). */
    applicationType: z.string().trim().min(2).max(40),
    studentName: Name,
    studentIdNumber: z.string().min(1).max(40),
    parentName: Name,
    parentIdNumber: z.string().min(1).max(40),
    phone: Phone,
    evidence: EvidenceTemplate,
    /** Narrower field sets per part; default: everything the allow-list has. */
    fields: z.record(PartKey, z.array(FieldKey).max(20)).optional(),
  }),
  z.object({ action: z.literal('status'), code: AuthCode }),
  /** One part's fields, inside a valid consent; outside → refused and recorded. */
  z.object({ action: z.literal('read'), code: AuthCode, part: PartKey, fields: z.array(FieldKey).max(20).optional() }),
  /** Every signed part's consented fields, for the enrolment form (each part read is recorded). */
  z.object({ action: z.literal('form'), code: AuthCode }),
])
export type BizEvent = z.infer<typeof BizEvent>
export type BizAction = BizEvent['action']

export const BizPartStatus = z.object({ part: PartKey, title: z.string(), status: PartStatus, fields: z.array(z.string()), reason: Reason.nullable() })
export const BizStatus = z.object({
  code: z.string(),
  status: RequestStatus,
  result: ApplicationType,
  reasons: z.array(Reason),
  expiresAt: z.number(),
  parts: z.array(BizPartStatus),
})
export const BizResults = {
  /** `reused`: an open request for the same student and parent already existed; this is it. */
  createRequest: resultOf(BizStatus.extend({ reused: z.boolean(), link: z.object({ path: z.string(), url: z.string().nullable() }), qrDataUrl: z.string() })),
  status: resultOf(BizStatus),
  /** `notice`: SHA-256 hex of the 授权说明 the holder agreed to for this consent (null: agreed before notices). */
  read: resultOf(z.object({ part: PartKey, values: z.record(z.string()), notice: z.string().nullable() })),
  form: resultOf(BizStatus.extend({
    values: z.record(PartKey, z.record(z.string())),
    refused: z.array(z.object({ part: PartKey, reason: z.string() })),
    /** Fields asked for but left unticked by the signer (minimal authorization): the school sees 家长未授权：… */
    withheld: z.array(z.object({ part: PartKey, fields: z.array(z.object({ key: z.string(), label: z.string() })) })),
    /** Each part read, with the SHA-256 hex of the 授权说明 its consent was agreed under (null: before notices). */
    notices: z.array(z.object({ part: PartKey, notice: z.string().nullable() })),
  })),
} satisfies Record<BizAction, unknown>
export type BizData = { [A in BizAction]: z.infer<(typeof BizResults)[A]> extends infer R ? (R extends { ok: true; data: infer D } ? D : never) : never }
