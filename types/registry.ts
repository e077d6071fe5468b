import { z } from 'zod'

/**
 * The simulated provincial e-licence registry (证照数据管理, SPEC §2): the fixture format that
 * `REGISTRY_FIXTURE=<file>` points at (ARCHITECTURE.md). Default: `fixtures/registry.json`.
 * ID numbers are stored normalised (GB 11643, 18 characters); the checksum is checked by tests,
 * not here, so a fixture may deliberately carry a broken one.
 */
export const IdNumber18 = z.string().regex(/^\d{17}[\dX]$/, '身份证号码应为18位')
export const Sex = z.enum(['男', '女'])
export type Sex = z.infer<typeof Sex>
export const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
/** China wall-clock time with its offset, e.g. `2019-06-21T10:12:00+08:00`. */
export const ChinaTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\+08:00$/)
const Text = z.string().trim().min(1)
const Region = {
  provinceCode: z.string().regex(/^\d{2}$/),
  provinceName: Text,
  cityCode: z.string().regex(/^\d{4}$/),
  cityName: Text,
}
const NamedId = z.object({ name: Text, idNumber: IdNumber18 })

export const RegistryPerson = z.object({
  idNumber: IdNumber18,
  name: Text,
  formerNames: z.array(Text).default([]),
  sex: Sex,
  birthDate: Ymd,
  /** Whether the face service holds a photo (SPEC §1: 系统未包含该身份信息 when not). */
  faceRecord: z.boolean(),
})

/** One person's page in a household register; may differ from the person record (clerk errors). */
export const HouseholdMember = z.object({
  name: Text,
  formerNames: z.array(Text).default([]),
  sex: Sex,
  birthDate: Ymd,
  idNumber: IdNumber18,
  /** 与户主关系: 户主, 妻, 子, 女, 孙子, 孙女, 儿媳, 集体户成员 ... */
  relation: Text,
})

export const HouseholdRegister = z
  .object({
    householdNumber: Text,
    ...Region,
    address: Text,
    /** 集体户: no head to authorize the register (seed 000 note 1). */
    collective: z.boolean(),
    /** The paper register has been issued (SPEC §3: 需被监护人办理户口簿才可以办理 when not). */
    issued: z.boolean(),
    /** Current data; false when voided or moved out and not yet updated (seed 000 Q9). */
    current: z.boolean(),
    headIdNumber: IdNumber18.nullable(),
    members: z.array(HouseholdMember).min(1),
  })
  .refine((h) => h.headIdNumber === null || h.members.some((m) => m.idNumber === h.headIdNumber), {
    message: '户主必须是户内成员',
  })

export const BirthCertificate = z.object({
  certificateNumber: Text,
  newbornName: Text,
  sex: Sex,
  birthTime: ChinaTime,
  hospital: Text,
  ...Region,
  mother: NamedId,
  /** Left blank on some certificates. */
  father: NamedId.nullable(),
})

export const RealEstateCertificate = z.object({
  certificateNumber: Text,
  /** 权利人: the owner or every co-owner. */
  owners: z.array(NamedId).min(1),
  address: Text,
})

/** A stand-in WeChat account in H5 and which registry person it belongs to (null: types by hand). */
export const DemoWechatUser = z.object({
  openid: Text,
  nickname: Text,
  personIdNumber: IdNumber18.nullable(),
})

/** The guardian-linking and evidence cases (SPEC §3, seed 000 Q5–Q12) a family demonstrates. */
export const FixtureCase = z.enum([
  'plain_match',
  'renamed_child',
  'renamed_former_name_missing',
  'twins',
  'several_children',
  'no_register',
  'non_guangdong_register',
  'several_registers',
  'sex_mismatch',
  'birth_date_mismatch',
  'birth_outside_guangdong',
  'before_city_coverage',
  'before_province_coverage',
  'inside_coverage_early_city',
  'collective_household',
  'head_not_parent',
  'several_properties',
  'no_face_record',
  'parent_renamed',
])

export const FixtureFamily = z.object({
  key: Text,
  /** For testers: which case this family shows and how. */
  note: Text,
  cases: z.array(FixtureCase).min(1),
  members: z.array(IdNumber18).min(1),
})

export const RegistryFixture = z.object({
  version: z.literal(1),
  description: z.string(),
  people: z.array(RegistryPerson),
  households: z.array(HouseholdRegister),
  birthCertificates: z.array(BirthCertificate),
  realEstateCertificates: z.array(RealEstateCertificate),
  demoUsers: z.array(DemoWechatUser),
  families: z.array(FixtureFamily),
})

export type RegistryPerson = z.infer<typeof RegistryPerson>
export type HouseholdMember = z.infer<typeof HouseholdMember>
export type HouseholdRegister = z.infer<typeof HouseholdRegister>
export type BirthCertificate = z.infer<typeof BirthCertificate>
export type RealEstateCertificate = z.infer<typeof RealEstateCertificate>
export type DemoWechatUser = z.infer<typeof DemoWechatUser>
export type FixtureCase = z.infer<typeof FixtureCase>
export type FixtureFamily = z.infer<typeof FixtureFamily>
export type RegistryFixture = z.infer<typeof RegistryFixture>
