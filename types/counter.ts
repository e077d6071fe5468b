import { z } from 'zod'
import { SessionToken } from './auth'
import { resultOf } from './errors'
import { CredentialType } from './spaceModels'
import { NoticeHash, NoticeView, ProofBundle } from './consentModels'

/**
 * Counter use (免证办, SPEC §6, seed 004): the `counter` cloud function for the holder's phone,
 * and the counter workstation's API (`POST /counter/api/<action>`, staff session as a Bearer token).
 */
const withSession = { sessionToken: SessionToken }

/** Labels of the fields a counter may read: one table (fieldLabels.ts), shared with the workstation. */
export { COUNTER_FIELD_LABELS } from './fieldLabels'
const CaseId = z.string().regex(/^cc_[A-Za-z0-9_-]{8,40}$/, '办理记录编号不正确')
const TicketId = z.string().regex(/^tk_[A-Za-z0-9_-]{8,40}$/, '二维码内容不正确')
const DelegationId = z.string().regex(/^dg_[A-Za-z0-9_-]{8,40}$/, '委托记录编号不正确')

export const CounterEvent = z.discriminatedUnion('action', [
  /**
   * 政务码: a new code (after a recent face check), asked for again every 30 s while shown. With a
   * delegation: the agent's 委托人身份码, the delegator's code for that delegation's matter.
   */
  z.object({ action: z.literal('code'), ...withSession, delegationId: DelegationId.optional() }),
  /**
   * The 服务授权 waiting for this holder, if a counter scanned their code (polled). The 政务码 page
   * names the codes it has shown (the current one and the one before): then only those are read.
   */
  z.object({ action: z.literal('pending'), ...withSession, codes: z.array(z.string().regex(/^\d{12}$/)).max(2).optional() }),
  /** 确认授权 (after a fresh check) or 拒绝. */
  z.object({
    action: z.literal('answer'), ...withSession, caseId: CaseId, decision: z.enum(['confirm', 'refuse']),
    /** SHA-256 hex of the 授权说明 the page showed (ServiceView.notice.hash): a stale one is refused (NOTICE_CHANGED). */
    notice: NoticeHash.optional(),
  }),
  /** The holder's counter authorizations (我的授权), and ending one early. */
  z.object({ action: z.literal('mine'), ...withSession }),
  z.object({ action: z.literal('end'), ...withSession, caseId: CaseId }),
  /** The record of the holder's own counter grant, for the phone to verify (as consent's `proof`). */
  z.object({ action: z.literal('proof'), ...withSession, caseId: CaseId, knownSize: z.number().int().min(0).optional() }),
  /** 委托代办: the holder delegates one matter to an agent (name and ID number), for 1–7 days. */
  z.object({
    action: z.literal('delegate'),
    ...withSession,
    agentName: z.string().trim().min(1, '请填写代办人姓名').max(30),
    agentIdNumber: z.string().trim().min(15, '请填写代办人身份证号码').max(24),
    matterId: z.string().min(1).max(40),
    confirmBy: z.enum(['holder', 'agent']),
    days: z.number().int().min(1).max(7),
    /** SHA-256 hex of the 授权说明 the form showed (domain/counter/matters.ts delegationNoticeOf). */
    notice: NoticeHash.optional(),
  }),
  /** Delegations I gave and those given to me. */
  z.object({ action: z.literal('delegations'), ...withSession }),
  z.object({ action: z.literal('acceptDelegation'), ...withSession, delegationId: DelegationId }),
  z.object({ action: z.literal('endDelegation'), ...withSession, delegationId: DelegationId }),
  /** The named agent turns a delegation down (offered or accepted): on the ledger, and the holder sees it. */
  z.object({ action: z.literal('declineDelegation'), ...withSession, delegationId: DelegationId }),
  /** 刷脸办: the holder scanned the counter's QR code and verified by face (a recent check). */
  z.object({ action: z.literal('claimTicket'), ...withSession, ticketId: TicketId }),
])
export type CounterEvent = z.infer<typeof CounterEvent>
export type CounterAction = CounterEvent['action']

const UseView = z.object({ type: CredentialType, title: z.string(), fields: z.array(z.string()), held: z.boolean() })

export const ServiceView = z.object({
  caseId: z.string(),
  counterName: z.string(),
  operatorName: z.string(),
  matterName: z.string(),
  /** What the counter will read: each credential with the field names (labels). */
  uses: z.array(UseView),
  grantMinutes: z.number(),
  state: z.enum(['awaiting', 'confirmed', 'refused', 'expired', 'ended']),
  createdAt: z.number(),
  answerBy: z.number(),
  /** answerBy minus the server's now: the phone counts down from its own clock, whatever its offset. */
  answerWithinMs: z.number(),
  grantExpiresAt: z.number().nullable(),
  /** 委托代办: the agent at the counter (masked), and whose credentials (masked), when there is one. */
  agentMasked: z.string().nullable(),
  holderMasked: z.string(),
  /** Whether this caller is the one to answer (the holder, or the agent where the delegation says so). */
  mineToAnswer: z.boolean(),
  /** The way in (扫码, 刷脸办, 读卡); with agentMasked set it was 委托代办. */
  way: z.enum(['scan', 'face', 'card']),
  answeredAt: z.number().nullable(),
  /** 评价器编号: the paired counter device the answer was given on, when there was one (null until devices are paired). */
  deviceLabel: z.string().nullable(),
  /** This caller is the case's agent (not the holder): where the pages send them next differs. */
  viewerIsAgent: z.boolean(),
  /** 授权说明 of 确认授权 (cloudfunctions/domain/consent/notice.ts serviceNotice): shown on the page, its hash sent back. */
  notice: NoticeView,
})
export type ServiceView = z.infer<typeof ServiceView>

/** A shown code a counter scanned: where, for what, who answers, and what came of it. */
export const ScannedView = z.object({
  caseId: z.string(),
  counterName: z.string(),
  operatorName: z.string(),
  matterName: z.string(),
  holderMasked: z.string(),
  confirmBy: z.enum(['holder', 'agent']),
  state: ServiceView.shape.state,
})
export type ScannedView = z.infer<typeof ScannedView>

export const DelegationView = z.object({
  delegationId: z.string(),
  matterId: z.string(),
  matterName: z.string(),
  agentMasked: z.string(),
  holderMasked: z.string(),
  confirmBy: z.enum(['holder', 'agent']),
  state: z.enum(['offered', 'accepted', 'declined', 'ended', 'expired']),
  createdAt: z.number(),
  expiresAt: z.number(),
})
export type DelegationView = z.infer<typeof DelegationView>

export const CounterResults = {
  code: resultOf(z.object({
    digits: z.string(), qr: z.string(), qrDataUrl: z.string(), issuedAt: z.number(), expiresAt: z.number(), refreshAt: z.number(),
    /** 委托人身份码: whose code the agent is showing, for which matter. */
    delegation: z.object({ holderMasked: z.string(), matterName: z.string(), confirmBy: z.enum(['holder', 'agent']) }).nullable(),
  })),
  /**
   * `scanned`: for the 政务码 page's poll (codes named), what became of a code this caller showed once a
   * counter scanned it, even when someone else answers (an agent showing the delegator's code).
   */
  pending: resultOf(z.object({ service: ServiceView.nullable(), scanned: ScannedView.nullable().optional() })),
  answer: resultOf(z.object({ service: ServiceView })),
  mine: resultOf(z.object({ services: z.array(ServiceView) })),
  end: resultOf(z.object({ service: ServiceView })),
  proof: resultOf(z.object({ bundle: ProofBundle, caseId: z.string(), notice: z.object({ hash: z.string(), text: z.string() }).nullable() })),
  claimTicket: resultOf(z.object({ service: ServiceView })),
  delegate: resultOf(z.object({ delegation: DelegationView })),
  delegations: resultOf(z.object({ given: z.array(DelegationView), received: z.array(DelegationView), matters: z.array(z.object({ id: z.string(), name: z.string() })) })),
  acceptDelegation: resultOf(z.object({ delegation: DelegationView })),
  endDelegation: resultOf(z.object({ delegation: DelegationView })),
  declineDelegation: resultOf(z.object({ delegation: DelegationView })),
} satisfies Record<CounterAction, unknown>

export type CounterData = { [A in CounterAction]: z.infer<(typeof CounterResults)[A]> extends infer R ? (R extends { ok: true; data: infer D } ? D : never) : never }

export interface CaseArchiveView {
  archivedAt: number
  materials: Array<{ type: z.infer<typeof CredentialType>; title: string; sha256: string }>
}

/** What an ID-card reader gives the workstation (name and number from the chip). */
export const CardRead = z.object({ name: z.string().trim().min(1, '读卡失败：没有姓名').max(30), idNumber: z.string().trim().min(15).max(24) })

const DeviceNo = z.string().regex(/^PJQ-[0-9A-Z]{6}$/, '评价器编号不正确')

/**
 * The counter workstation's API (`POST /counter/api/<action>`). Staff actions carry the staff
 * session (`Authorization: Bearer <token>` from signIn); the 评价器's actions (KIOSK_ACTIONS) carry
 * the device credential from `pair` instead, and each refuses the other's.
 */
export const DeskEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('signIn'), operatorId: z.string().trim().min(1, '请输入窗口账号').max(40), password: z.string().min(1, '请输入密码').max(128) }),
  /** 退出: the session's token is refused from now on (also after 30 minutes without a call). */
  z.object({ action: z.literal('signOut') }),
  z.object({ action: z.literal('me') }),
  /** 配对评价器: a one-time code (8 digits, 5 minutes) to type or scan on the counter's 评价器. */
  z.object({ action: z.literal('pairCode') }),
  /** The counter's 评价器 (paired and 已解除), and 解除配对 of one. */
  z.object({ action: z.literal('devices') }),
  z.object({ action: z.literal('unpair'), deviceNo: DeviceNo }),
  /** On the 评价器 (no credential yet): the code shown at the workstation → the device credential. */
  z.object({ action: z.literal('pair'), code: z.string().trim().regex(/^\d{8}$/, '请输入8位数字配对码') }),
  /** 扫码: the holder's 政务码 (QR payload or the 12 digits) for a matter → 免证清单, authorization pushed. */
  z.object({ action: z.literal('scan'), matterId: z.string().min(1).max(40), code: z.string().min(1, '请扫描或输入政务码').max(200) }),
  /** 刷脸办: a one-time QR code for the holder to scan (a mini-program link). */
  z.object({ action: z.literal('faceTicket'), matterId: z.string().min(1).max(40) }),
  /** Whether a holder has used the ticket yet (polled). */
  z.object({ action: z.literal('ticket'), ticketId: TicketId }),
  /**
   * 读卡: what the ID-card reader returned (CardReader port; a simulated adapter types or picks a
   * card). The holder then confirms on the counter's 评价器.
   */
  z.object({ action: z.literal('cardRead'), matterId: z.string().min(1).max(40), card: CardRead }),
  /**
   * 评价器 (device credential only): the card case waiting for the holder at this counter, the
   * 刷脸办 code pushed to it, and the holder's answer there.
   */
  z.object({ action: z.literal('kiosk') }),
  z.object({
    action: z.literal('kioskAnswer'), caseId: CaseId, decision: z.enum(['confirm', 'refuse']),
    /** SHA-256 hex of the 授权说明 the 评价器 showed (ServiceView.notice.hash): a stale one is refused (NOTICE_CHANGED). */
    notice: NoticeHash.optional(),
  }),
  /** 部门侧 (seed 004 §4): the case's materials, a credential previewed / printed as a watermarked PDF, 预归档. */
  z.object({ action: z.literal('materials'), caseId: CaseId }),
  z.object({ action: z.literal('print'), caseId: CaseId, type: CredentialType }),
  z.object({ action: z.literal('archive'), caseId: CaseId }),
  /** The case's state (polled until the holder answers). */
  z.object({ action: z.literal('case'), caseId: CaseId }),
  /** 受理表单: the holder's data under a live authorization (each read on the ledger). */
  z.object({ action: z.literal('form'), caseId: CaseId }),
])
export type DeskEvent = z.infer<typeof DeskEvent>
export type DeskAction = DeskEvent['action']

/** Actions of the 评价器 (device credential); `pair` takes none. Every other action but signIn is staff's. */
export const KIOSK_ACTIONS = ['pair', 'kiosk', 'kioskAnswer'] as const satisfies readonly DeskAction[]
export type KioskAction = (typeof KIOSK_ACTIONS)[number]
export type StaffAction = Exclude<DeskAction, KioskAction | 'signIn'>

/** A 评价器 as the workstation lists it. */
export interface KioskDeviceView {
  /** 评价器编号: named on the ledger and in the holder's 数字档案袋 for each confirmation on it. */
  deviceNo: string
  pairedAt: number
  pairedBy: string
  state: 'paired' | 'revoked'
  revokedAt: number | null
}

const MatterView = z.object({ id: z.string(), name: z.string() })
const FormCredential = z.object({ type: CredentialType, title: z.string(), fields: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })) })

export type DeskData = {
  signIn: {
    token: string; counterName: string; operatorName: string; matters: Array<z.infer<typeof MatterView>>
    /** The session ends after this many minutes without a call (and at 退出). */
    idleMinutes: number
  }
  signOut: { signedOut: true }
  me: { counterName: string; operatorName: string; matters: Array<z.infer<typeof MatterView>>; idleMinutes: number }
  pairCode: { code: string; expiresAt: number; qrDataUrl: string }
  devices: { devices: KioskDeviceView[] }
  unpair: { device: KioskDeviceView }
  /** The credential only the 评价器 keeps (localStorage); the server stores its hash. */
  pair: { credential: string; deviceNo: string; counterName: string }
  /**
   * `agent`: 委托代办, the agent in front of the counter, to check against their ID card (full name,
   * last four digits of the ID number): only to the counter that holds the case.
   */
  scan: {
    caseId: string; holderMasked: string; agentMasked: string | null; agent: { name: string; idLast4: string } | null
    /** Who answers the pushed 服务授权: the holder (remotely, for an agent) or the agent at the counter. */
    confirmBy: 'holder' | 'agent'
    matterName: string; list: Array<z.infer<typeof UseView>>
  }
  faceTicket: { ticketId: string; link: string; qrDataUrl: string; expiresAt: number }
  ticket: { state: 'waiting' | 'expired' | 'used'; opened: DeskData['scan'] | null }
  cardRead: DeskData['scan']
  kiosk: {
    deviceNo: string
    counterName: string
    service: ServiceView | null
    /** 刷脸办 (seed 004 §3(2) 3): the counter's code still waiting, pushed to the 评价器 too. */
    face: { ticketId: string; qrDataUrl: string; expiresAt: number } | null
  }
  kioskAnswer: { service: ServiceView }
  materials: {
    caseId: string; matterName: string; holderMasked: string; state: ServiceView['state']
    materials: Array<{ type: z.infer<typeof CredentialType>; title: string; summary: string }>
    archive: CaseArchiveView | null
  }
  print: { filename: string; contentType: 'application/pdf'; base64: string }
  archive: { archive: CaseArchiveView }
  /** `reason`: why a case is over other than by its own clock or answer (委托已结束 / 委托已过期), else null. */
  case: { caseId: string; state: ServiceView['state']; reason: string | null; answeredAt: number | null; grantExpiresAt: number | null }
  /** `applicant`: the name and ID number, only when the authorization covers the ID card's; else null. */
  form: { caseId: string; matterName: string; applicant: { name: string; idNumber: string } | null; credentials: Array<z.infer<typeof FormCredential>> }
}
