import { z } from 'zod'
import { SessionToken } from './auth'
import { resultOf } from './errors'
import {
  ChildLinkSummary,
  CredentialSummary,
  CredentialType,
  DetailSection,
  ErrorReport,
  HistoryEntry,
  MissingCredential,
  SpaceReason,
} from './spaceModels'

export * from './spaceModels'

/**
 * The `space` cloud function (SPEC §2 personal digital space, §3 guardian linking).
 * Every event carries the session token; the caller's identity comes from the session, never
 * from the event, so changing an id in a request can only ever reach the caller's own data.
 */
const rawIdNumber = z.string().min(1, '请输入身份证号码').max(40)
const Id = z.string().min(1).max(200)
const withSession = { sessionToken: SessionToken }

const description = z.string().trim().min(5, '问题描述至少5个字').max(200, '问题描述不超过200字')
const purpose = z.string().trim().min(2, '用途至少2个字').max(50, '用途不超过50字')

export const SpaceEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('home'), ...withSession }),
  /** Fetch from the registry (申领): birth certificates naming the caller, every property owned ... */
  z.object({ action: z.literal('claim'), ...withSession, type: CredentialType }),
  /** Full fields: needs a recent verification (SPEC §1). */
  z.object({ action: z.literal('detail'), ...withSession, credentialId: Id }),
  z.object({
    action: z.literal('reportError'),
    ...withSession,
    credentialId: Id,
    fields: z.array(z.string().min(1).max(60)).min(1, '请选择有误的项目').max(20),
    description,
  }),
  z.object({ action: z.literal('listReports'), ...withSession }),
  /** Needs a recent verification; the PDF carries a watermark naming who, why and when. */
  z.object({ action: z.literal('download'), ...withSession, credentialId: Id, purpose }),
  z.object({
    action: z.literal('history'),
    ...withSession,
    cursor: z.string().max(40).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  /** Seed 001 §2.1.2: from a claimed birth certificate, 关联被监护人 with the child's ID number. */
  z.object({
    action: z.literal('linkChild'),
    ...withSession,
    birthCertificateId: Id,
    childIdNumber: rawIdNumber,
    /** Renamed-child path: the child's current name; former names are then compared. */
    currentName: z.string().trim().max(30).optional(),
  }),
  z.object({ action: z.literal('children'), ...withSession }),
  /** After accepting 数据申领同意书: the child's ID e-certificate and register entry join the space. */
  z.object({
    action: z.literal('claimChildCredentials'),
    ...withSession,
    childLinkId: Id,
    consentAccepted: z.literal(true, { errorMap: () => ({ message: '请先阅读并同意《数据申领同意书》' }) }),
  }),
])
export type SpaceEvent = z.infer<typeof SpaceEvent>
export type SpaceAction = SpaceEvent['action']

export const HomeResult = z.object({
  held: z.array(CredentialSummary),
  missing: z.array(MissingCredential),
  children: z.array(ChildLinkSummary),
  counts: z.object({ held: z.number(), wardHeld: z.number(), missing: z.number(), children: z.number(), openReports: z.number() }),
})

export const ClaimResult = z.object({
  type: CredentialType,
  /** Newly added to the space. */
  claimed: z.array(CredentialSummary),
  /** Already in the space (a repeated claim adds nothing and loses nothing). */
  alreadyHeld: z.array(CredentialSummary),
  /** Found in the registry but not claimable online, each explained (e.g. outside coverage). */
  refused: z.array(SpaceReason),
})

export const DetailResult = z.object({ credential: CredentialSummary, sections: z.array(DetailSection) })
export const ReportResult = z.object({ report: ErrorReport })
export const ListReportsResult = z.object({ reports: z.array(ErrorReport) })
export const DownloadResult = z.object({ filename: z.string(), contentType: z.literal('application/pdf'), base64: z.string() })
export const HistoryResult = z.object({ entries: z.array(HistoryEntry), nextCursor: z.string().nullable() })
export const LinkChildResult = z.discriminatedUnion('linked', [
  /** alreadyLinked: this parent had linked this child before; nothing new was recorded. */
  z.object({ linked: z.literal(true), alreadyLinked: z.boolean().default(false), child: ChildLinkSummary }),
  z.object({ linked: z.literal(false), reason: SpaceReason }),
])
export const ChildrenResult = z.object({ children: z.array(ChildLinkSummary) })
export const ClaimChildCredentialsResult = z.object({ child: ChildLinkSummary, credentials: z.array(CredentialSummary) })

export const SpaceResults = {
  home: resultOf(HomeResult),
  claim: resultOf(ClaimResult),
  detail: resultOf(DetailResult),
  reportError: resultOf(ReportResult),
  listReports: resultOf(ListReportsResult),
  download: resultOf(DownloadResult),
  history: resultOf(HistoryResult),
  linkChild: resultOf(LinkChildResult),
  children: resultOf(ChildrenResult),
  claimChildCredentials: resultOf(ClaimChildCredentialsResult),
} satisfies Record<SpaceAction, unknown>

export type SpaceData = { [A in SpaceAction]: z.infer<(typeof SpaceResults)[A]> extends infer R ? (R extends { ok: true; data: infer D } ? D : never) : never }
