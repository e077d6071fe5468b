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

/** A signed-in operator. Id: SHA-256 of the token, so the token itself is never stored. */
export interface CounterSession {
  id: string
  operatorId: string
  counterId: string
  createdAt: number
  expiresAt: number
}

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
  /** Set when an agent showed the holder's code under a delegation (委托代办). */
  agentId: string | null
  delegationId: string | null
  /** Who answers the 服务授权: the holder (also remotely, for an agent) or, where the delegation says so, the agent. */
  confirmBy: 'holder' | 'agent'
  /** 预归档 (seed 004 §4(3)): the materials used, each by the SHA-256 of what the counter read. */
  archive: CaseArchive | null
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
  }
  tickets: {
    create(t: CounterTicket): Promise<void>
    get(id: string): Promise<CounterTicket | null>
    /** Marks the ticket used by `caseId` only if still unused: true for exactly one caller. */
    spend(id: string, caseId: string, at: number): Promise<boolean>
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
