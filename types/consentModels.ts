import { z } from 'zod'

/**
 * Data shapes of the consent function and the business-system API (SPEC §4). The field catalog
 * and evidence templates live here because the mini-program, the demo page and the functions all
 * name the same fields.
 */
export const PartKey = z.enum(['household_register', 'birth_certificate', 'property'])
export type PartKey = z.infer<typeof PartKey>

/** Field-level scope (SPEC §4 minimal authorization): every field a part can carry, with its label. */
export const PART_FIELDS = {
  household_register: {
    householdNumber: '户号',
    address: '户籍地址',
    headName: '户主姓名',
    studentName: '学生姓名',
    studentIdNumber: '学生身份证号',
    studentSex: '学生性别',
    studentBirthDate: '学生出生日期',
    studentRelation: '学生与户主关系',
  },
  birth_certificate: {
    certificateNumber: '出生医学证明编号',
    newbornName: '新生儿姓名',
    sex: '性别',
    birthDate: '出生日期',
    hospital: '接生机构',
    motherName: '母亲姓名',
    fatherName: '父亲姓名',
  },
  property: {
    certificateNumber: '不动产权证号',
    ownerNames: '权利人',
    address: '房屋坐落',
  },
} as const satisfies Record<PartKey, Record<string, string>>

export const PART_TITLES: Record<PartKey, string> = {
  household_register: '居民户口簿',
  birth_certificate: '出生医学证明',
  property: '不动产权证书',
}

/** Seed 000 §二.2 evidence choices (佐证), with the parts each needs. */
export const EVIDENCE_TEMPLATES = {
  '户籍双证学校（户口簿+房产）': ['household_register', 'property'],
  '户籍（户口簿, 出生证）': ['household_register', 'birth_certificate'],
} as const satisfies Record<string, readonly PartKey[]>
export const EvidenceTemplate = z.enum(['户籍双证学校（户口簿+房产）', '户籍（户口簿, 出生证）'])
export type EvidenceTemplate = z.infer<typeof EvidenceTemplate>

export const APPLICATION_AUTHORIZED = '网上证照已授权'
export const APPLICATION_PENDING = '待审类（含未授权）'
export const ApplicationType = z.enum([APPLICATION_AUTHORIZED, APPLICATION_PENDING])

export const PartStatus = z.enum(['pending', 'signed', 'revoked', 'unavailable'])
export type PartStatus = z.infer<typeof PartStatus>
export const RequestStatus = z.enum(['open', 'complete', 'expired'])
export type RequestStatus = z.infer<typeof RequestStatus>

export const Reason = z.object({ code: z.string(), message: z.string() })
export type Reason = z.infer<typeof Reason>

export const FieldView = z.object({ key: z.string(), label: z.string() })

/** One choosable item (e.g. one property), masked; `matches` says it is at the register address. */
export const PartOption = z.object({ optionId: z.string(), label: z.string(), matches: z.boolean() })

export const Eligibility = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signable'), options: z.array(PartOption) }),
  z.object({ kind: z.literal('not_signer'), reason: Reason }),
  z.object({ kind: z.literal('unsignable'), reason: Reason }),
])

export const PartView = z.object({
  key: PartKey,
  title: z.string(),
  fields: z.array(FieldView),
  status: PartStatus,
  /** Masked: `**杰`. */
  signedBy: z.string().nullable(),
  signedByMe: z.boolean(),
  reason: Reason.nullable(),
  eligibility: Eligibility,
  /** Signed: the fields the signer actually granted (may be fewer than asked: minimal authorization). */
  grantedFields: z.array(FieldView).nullable(),
  /** 无法在线授权 is offered: open request, part pending, viewer is family and cannot sign it. */
  canDecline: z.boolean(),
})
export type PartView = z.infer<typeof PartView>

/**
 * Who is looking, as far as the request goes: family (a parent, someone on the student's register,
 * an owner at the register address …), the student (under 14: only a guardian authorizes, PIPL
 * art. 31), or someone with no tie to the student (a wrong or someone else's code).
 */
export const ViewerRole = z.enum(['family', 'student', 'student_minor', 'unrelated'])
export type ViewerRole = z.infer<typeof ViewerRole>

export const RequestView = z.object({
  code: z.string(),
  systemName: z.string(),
  purpose: z.string(),
  applicationType: z.string(),
  evidence: EvidenceTemplate,
  studentMasked: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** `2026-12-22 10:00` in Asia/Shanghai. */
  expiresAtText: z.string(),
  status: RequestStatus,
  result: ApplicationType,
  parts: z.array(PartView),
  viewer: z.object({ role: ViewerRole, notice: z.object({ message: z.string(), hint: z.string() }).nullable() }),
  /** Expired: what to do next (the REQUEST_EXPIRED hint); null otherwise. */
  nextStep: z.string().nullable(),
})
export type RequestView = z.infer<typeof RequestView>

export const ConsentState = z.enum(['active', 'revoked', 'expired'])
export const ConsentView = z.object({
  consentId: z.string(),
  code: z.string(),
  systemName: z.string(),
  purpose: z.string(),
  applicationType: z.string(),
  studentMasked: z.string(),
  /** Opaque per-holder key of the student (keyed hash): 我的授权 groups by matter and child with it. */
  studentKey: z.string(),
  part: PartKey,
  title: z.string(),
  /** Masked summary of what was authorized (e.g. the chosen property's masked address). */
  item: z.string(),
  fields: z.array(FieldView),
  state: ConsentState,
  /** Revoked and the request still wants this part: 重新授权 is offered. */
  canReauthorize: z.boolean(),
  grantedAt: z.number(),
  expiresAt: z.number(),
  timeText: z.string(),
  /** `YYYY-MM-DD HH:mm` Asia/Shanghai. */
  grantedAtText: z.string(),
  expiresAtText: z.string(),
  revokedAtText: z.string().nullable(),
  /** The grant's ledger index; null while only its signed promise is (not yet integrated). */
  ledgerIndex: z.number().int().nullable(),
})
export type ConsentView = z.infer<typeof ConsentView>

/** What the device needs to check a consent's record (RFC 6962/9162 proofs + a C2SP checkpoint). */
export const LedgerRecordProof = z.object({
  index: z.number().int().min(0),
  /** The canonical leaf JSON; holds no personal data (consent id, action, field-set hash, pseudonym, time). */
  leaf: z.string(),
  /** The leaf hash the tree holds at `index` (hex): when `leaf` does not hash to it but it is in the
   * tree, the record exists and its text was changed (记录被改动), not merely absent. */
  leafHash: z.string().optional(),
  inclusion: z.array(z.string()),
})
export const ProofBundle = z.object({
  origin: z.string(),
  keyName: z.string(),
  publicKey: z.string(),
  checkpoint: z.string(),
  size: z.number().int(),
  rootHash: z.string(),
  records: z.array(LedgerRecordProof),
  /** From the size the device last saw to `size`; null when it saw none (or the same size). */
  consistency: z.object({ fromSize: z.number().int(), proof: z.array(z.string()) }).nullable(),
  /**
   * Entries of this consent accepted and not yet integrated: the leaf text and the log's signed
   * promise to integrate it within the maximum merge delay (domain/ledger/promise.ts).
   */
  pending: z.array(z.object({ leaf: z.string(), promise: z.string() })).optional(),
  /**
   * Names of the witnesses whose cosignatures are on `checkpoint` (C2SP tlog-cosignature), for
   * display only: the device checks the cosignatures against the witness keys built into it and
   * never trusts a key it is sent.
   */
  witnesses: z.array(z.string()).optional(),
})
export type ProofBundle = z.infer<typeof ProofBundle>

/**
 * Why a part cannot be authorized online, as a family member declares it (seed 000 notes 3–4 and
 * FAQ): the application then goes in as 待审类（含未授权） and the papers are shown on site.
 */
export const DECLINE_REASONS = {
  household_register: { HEAD_CANNOT_SIGN: '户主无法登录数字空间授权（如无法完成人脸识别）' },
  birth_certificate: { BORN_OUTSIDE_GUANGDONG: '在广东省外出生，出生证信息不在系统中', CANNOT_LINK: '无法通过出生医学证明关联学生' },
  property: {
    PROPERTY_NOT_AT_REGISTER_ADDRESS: '名下房产与学生户口簿地址不一致',
    NO_PROPERTY: '无房产',
    NO_E_CERTIFICATE: '房产无法领取电子证照',
  },
} as const satisfies Record<PartKey, Record<string, string>>
/** A signer's refusal (domain/consent/signers) and the 无法在线授权 reason that says the same to the school. */
export const DECLINE_FOR_REFUSAL: Record<string, string> = { NO_MATCHING_PROPERTY: 'PROPERTY_NOT_AT_REGISTER_ADDRESS' }
export const DeclineReason = z.enum(['HEAD_CANNOT_SIGN', 'BORN_OUTSIDE_GUANGDONG', 'CANNOT_LINK', 'NO_PROPERTY', 'NO_E_CERTIFICATE', 'PROPERTY_NOT_AT_REGISTER_ADDRESS'])
