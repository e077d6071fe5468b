import { z } from 'zod'
import { CredentialType } from '../../types/spaceModels'
import type { Counter, CounterCase, CounterOperator, CounterSession, CounterTicket, Delegation, GovCode, KioskDevice, KioskPairing, SignInThrottle } from '../ports/counterStores'

/** Counter records as they come back from either database, parsed (STYLE.md: zod at the database edge). */
const time = z.number().int()
const json = <T extends z.ZodTypeAny>(schema: T) => z.union([z.string().transform((s) => JSON.parse(s) as unknown), z.unknown()]).pipe(schema)

export const GovCodeRecord: z.ZodType<GovCode, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), identityId: z.string(), issuedAt: time, expiresAt: time, usedAt: time.nullable(), caseId: z.string().nullable(),
  delegationId: z.string().nullable().default(null),
})

export const DelegationRecord: z.ZodType<Delegation, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), holderId: z.string(), agentRef: z.string(), agentNameCipher: z.string(), agentMasked: z.string(), matterId: z.string(),
  confirmBy: z.enum(['holder', 'agent']), state: z.enum(['offered', 'accepted', 'declined', 'ended']), createdAt: time, expiresAt: time,
  acceptedAt: time.nullable(), endedAt: time.nullable(), agentId: z.string().nullable(), version: time,
})

export const CounterRecord: z.ZodType<Counter, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), name: z.string(), matterIds: json(z.array(z.string())), createdAt: time,
})

export const CounterOperatorRecord: z.ZodType<CounterOperator, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), counterId: z.string(), name: z.string(), passwordHash: z.string(), createdAt: time,
})

export const CounterSessionRecord: z.ZodType<CounterSession, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), operatorId: z.string(), counterId: z.string(), createdAt: time, expiresAt: time,
  // Sessions from before idle limits and 退出 read as idle since 1970: signed out at once.
  lastSeenAt: time.default(0), endedAt: time.nullable().default(null),
})

export const KioskPairingRecord: z.ZodType<KioskPairing, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), counterId: z.string(), operatorId: z.string(), createdAt: time, expiresAt: time, usedAt: time.nullable(), deviceNo: z.string().nullable(),
})

export const KioskDeviceRecord: z.ZodType<KioskDevice, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), deviceNo: z.string(), counterId: z.string(), pairedAt: time, pairedBy: z.string(), revokedAt: time.nullable(), revokedBy: z.string().nullable(),
})

export const SignInThrottleRecord: z.ZodType<SignInThrottle, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), windowStart: time, failures: time, lockedUntil: time, version: time,
})

export const CounterCaseRecord: z.ZodType<CounterCase, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  counterId: z.string(),
  operatorId: z.string(),
  matterId: z.string(),
  way: z.enum(['scan', 'face', 'card']),
  holderId: z.string(),
  offered: json(z.array(z.object({ credentialId: z.string(), type: CredentialType }))),
  state: z.enum(['awaiting', 'confirmed', 'refused', 'ended']),
  createdAt: time,
  answerBy: time,
  answeredAt: time.nullable(),
  grantExpiresAt: time.nullable(),
  grantIndex: time.nullable(),
  endIndex: time.nullable(),
  grantRef: z.string().nullable().default(null),
  endRef: z.string().nullable().default(null),
  noticeHash: z.string().nullable().default(null),
  agentId: z.string().nullable().default(null),
  delegationId: z.string().nullable().default(null),
  confirmBy: z.enum(['holder', 'agent']).default('holder'),
  archive: json(z.object({
    archivedAt: time, operatorId: z.string(),
    materials: z.array(z.object({ type: CredentialType, title: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  }).nullable()).nullable().default(null),
  deviceLabel: z.string().nullable().default(null),
  version: time,
})

export const CounterTicketRecord: z.ZodType<CounterTicket, z.ZodTypeDef, unknown> = z.object({
  id: z.string(), counterId: z.string(), operatorId: z.string(), matterId: z.string(), createdAt: time, expiresAt: time,
  usedAt: time.nullable(), caseId: z.string().nullable(),
})
