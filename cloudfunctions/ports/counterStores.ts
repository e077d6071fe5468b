import type { SignInThrottle } from '../domain/counter/signInThrottle'
import type { CredentialType } from '../../types/spaceModels'

/**
 * Store ports of counter use (免证办, SPEC §6), shaped for a document database (CLOUDBASE.md):
 * every atomic step is one conditional write on one document by id.
 */

/** A 政务码. Id: its 12 digits (unique by insert). */
export interface GovCode {
  id: string
  identityId: string
  issuedAt: number
  expiresAt: number
  /** Set once by the first counter that scans it (one use). */
  usedAt: number | null
  caseId: string | null
  /** 委托人身份码: issued to an agent under this delegation (the holder is the delegator). */
  delegationId: string | null
}

/**
 * 委托代办 (seed 004 §2(5), §3(4)): the holder lets an agent handle one matter at a counter, for a
 * while. The agent accepts in their own mini-program and then shows the holder's code; the holder
 * confirms remotely, or the agent does where the delegation says so. Id: random.
 */
export interface Delegation {
  id: string
  holderId: string
  /** Keyed hash of the agent's ID number: the agent is found by who they are, not by a typed name. */
  agentRef: string
  agentNameCipher: string
  agentMasked: string
  matterId: string
  confirmBy: 'holder' | 'agent'
  state: 'offered' | 'accepted' | 'declined' | 'ended'
  createdAt: number
  expiresAt: number
  acceptedAt: number | null
  endedAt: number | null
  agentId: string | null
  version: number
}

/** A registered counter (窗口): a business system with the matters it may handle. */
export interface Counter {
  id: string
  name: string
  matterIds: string[]
  createdAt: number
}

/** Window staff: a counter account (never an openid). Password kept as scrypt `salt:hash` hex. */
export interface CounterOperator {
  id: string
  counterId: string
  name: string
  passwordHash: string
  createdAt: number
}

/**
 * A signed-in operator. Id: SHA-256 of the token, so the token itself is never stored. Live while
 * not ended (退出), before `expiresAt` (a working day) and within the idle limit of `lastSeenAt`
 * (moved forward by calls, at most once a minute).
 */
export interface CounterSession {
  id: string
  operatorId: string
  counterId: string
  createdAt: number
  expiresAt: number
  lastSeenAt: number
  /** Set once by 退出 (signOut): the token is dead from then on. */
  endedAt: number | null
}

/**
 * 评价器配对码: shown once at the workstation, typed (or scanned) on the 评价器 within minutes.
 * Id: keyed hash of the code, so the code itself is not stored. Spent once by a conditional write.
 */
export interface KioskPairing {
  id: string
  counterId: string
  operatorId: string
  createdAt: number
  expiresAt: number
  usedAt: number | null
  /** The device paired with it (its 评价器编号). */
  deviceNo: string | null
}

/**
 * A paired 评价器 (seed 004 §2(4): the device facing the holder). Id: SHA-256 of its credential,
 * which only the device keeps. `deviceNo` (评价器编号) names it on the ledger, in the holder's
 * 数字档案袋 and in the workstation's device list.
 */
export interface KioskDevice {
  id: string
  deviceNo: string
  counterId: string
  pairedAt: number
  pairedBy: string
  /** Set once by 解除配对: the credential is refused from then on. */
  revokedAt: number | null
  revokedBy: string | null
}

/** A wrong-password counter (domain/counter/signInThrottle.ts owns its shape). */
export type { SignInThrottle }

export type CaseState = 'awaiting' | 'confirmed' | 'refused' | 'ended'

/**
 * How the holder came to the counter (seed 004 §3): 扫码 (their 政务码), 刷脸办 (they scanned the
 * counter's QR code and verified by face), 读卡 (staff read their ID card; they confirm on the
 * counter's 评价器).
 */
export type CaseWay = 'scan' | 'face' | 'card'

/** 刷脸办: the one-time ticket in the counter's QR code. Id: random, unguessable. */
export interface CounterTicket {
  id: string
  counterId: string
  operatorId: string
  matterId: string
  createdAt: number
  expiresAt: number
  /** Set once by the first holder who verifies with it. */
  usedAt: number | null
  caseId: string | null
}

/**
 * One 受理 at a counter for one holder and one matter: the authorization pushed to the holder's
 * phone, then (once confirmed) the grant the counter reads under. Changes by compare-and-set on
 * `version`, so a confirm and a refuse (or two phones) cannot both win.
 */
export interface CounterCase {
  id: string
  counterId: string
  operatorId: string
  matterId: string
  way: CaseWay
  holderId: string
  /** 免证清单: the held credentials of the matter's types, offered for authorization. */
  offered: Array<{ credentialId: string; type: CredentialType }>
  state: CaseState
  createdAt: number
  /** The holder must answer before this. */
  answerBy: number
  answeredAt: number | null
  /** Reads allowed until this, once confirmed. */
  grantExpiresAt: number | null
  grantIndex: number | null
  endIndex: number | null
  /**
   * The ledger's promise ids for the grant and the end (appendLedger's `ref`): on CloudBase the
   * index can be null until integration, and the proof names the record by its promise meanwhile.
   * Absent on cases from before they were kept.
   */
  grantRef?: string | null
  endRef?: string | null
  /** SHA-256 hex of the 授权说明 the grant leaf names (its text in consent_notices); absent before it was kept. */
  noticeHash?: string | null
  /** Set when an agent showed the holder's code under a delegation (委托代办). */
  agentId: string | null
  delegationId: string | null
  /** Who answers the 服务授权: the holder (also remotely, for an agent) or, where the delegation says so, the agent. */
  confirmBy: 'holder' | 'agent'
  /** 预归档 (seed 004 §4(3)): the materials used, each by the SHA-256 of what the counter read. */
  archive: CaseArchive | null
  /** 读卡: the 评价器编号 of the paired device the holder answered on (null or absent otherwise). */
  deviceLabel?: string | null
  version: number
}

export interface CaseArchive {
  archivedAt: number
  operatorId: string
  materials: Array<{ type: CredentialType; title: string; sha256: string }>
}

export interface CounterStores {
  codes: {
    /** False when the digits are taken. */
    issue(c: GovCode): Promise<boolean>
    get(id: string): Promise<GovCode | null>
    /** Marks the code used by `caseId` only if still unused: true for exactly one caller. */
    spend(id: string, caseId: string, at: number): Promise<boolean>
  }
  counters: {
    ensure(c: Counter): Promise<void>
    get(id: string): Promise<Counter | null>
  }
  operators: {
    ensure(o: CounterOperator): Promise<void>
    get(id: string): Promise<CounterOperator | null>
  }
  sessions: {
    create(s: CounterSession): Promise<void>
    get(id: string): Promise<CounterSession | null>
    /** Sets `lastSeenAt` (one write; never revives an ended session; a racing older time may land last). */
    touch(id: string, at: number): Promise<void>
    /** Ends the session only if still live: true for exactly one caller. */
    end(id: string, at: number): Promise<boolean>
  }
  pairings: {
    create(p: KioskPairing): Promise<void>
    get(id: string): Promise<KioskPairing | null>
    /** Marks the code used by `deviceNo` only if still unused: true for exactly one caller. */
    spend(id: string, deviceNo: string, at: number): Promise<boolean>
  }
  devices: {
    create(d: KioskDevice): Promise<void>
    get(id: string): Promise<KioskDevice | null>
    /** The counter's devices (paired and revoked), newest first. */
    listByCounter(counterId: string): Promise<KioskDevice[]>
    /** Revokes only if not yet revoked: true for exactly one caller. */
    revoke(id: string, by: string, at: number): Promise<boolean>
  }
  throttles: {
    get(id: string): Promise<SignInThrottle | null>
    /** Creates (`expectedVersion` null: only if absent) or replaces if the stored version is still `expectedVersion`. */
    put(next: SignInThrottle, expectedVersion: number | null): Promise<boolean>
  }
  tickets: {
    create(t: CounterTicket): Promise<void>
    get(id: string): Promise<CounterTicket | null>
    /** Marks the ticket used by `caseId` only if still unused: true for exactly one caller. */
    spend(id: string, caseId: string, at: number): Promise<boolean>
    /** The counter's tickets, newest first (its 评价器 shows the 刷脸办 code still waiting). */
    listByCounter(counterId: string, limit: number): Promise<CounterTicket[]>
  }
  delegations: {
    create(d: Delegation): Promise<void>
    get(id: string): Promise<Delegation | null>
    listByHolder(holderId: string): Promise<Delegation[]>
    listByAgentRef(agentRef: string): Promise<Delegation[]>
    /** Replaces only if the stored version is still `expectedVersion`. */
    replace(next: Delegation, expectedVersion: number): Promise<boolean>
  }
  cases: {
    create(c: CounterCase): Promise<void>
    get(id: string): Promise<CounterCase | null>
    /** The holder's cases, newest first (the phone asks for those awaiting an answer). */
    listByHolder(holderId: string, limit: number): Promise<CounterCase[]>
    /** Cases an agent brought to a counter, newest first (those the agent confirms). */
    listByAgent(agentId: string, limit: number): Promise<CounterCase[]>
    /** The counter's cases, newest first (its 评价器 shows the card case waiting there). */
    listByCounter(counterId: string, limit: number): Promise<CounterCase[]>
    /** Replaces only if the stored version is still `expectedVersion`. */
    replace(next: CounterCase, expectedVersion: number): Promise<boolean>
  }
}
