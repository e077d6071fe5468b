import type { DocType } from '../../types/health'

/**
 * Store ports of the school health declaration (SPEC §5), shaped for a document database
 * (CLOUDBASE.md): every atomic step touches one document by a deterministic id; lists query one
 * or two equal fields outside any transaction. Times are epoch ms, days China days (YYYY-MM-DD).
 */

export interface Org {
  id: string
  name: string
  deadline: string
  frequency: 'daily' | 'weekdays'
  collectorIdentityId: string
  /** `**翔`: the card and the landing page say whose organisation it is. */
  collectorMaskedName: string
  createdAt: number
}

/**
 * A person filed for. Id: keyed hash of (docType, document identity) (documents.ts), so self
 * filing and every proxy meet on one document whoever typed the number.
 */
export interface Declarant {
  id: string
  docType: DocType
  nameCipher: string
  docNumberCipher: string
  /** What every screen shows; derived, stored so a 5,000-member workbench decrypts nothing. */
  maskedName: string
  maskedDocNumber: string
  createdAt: number
}

/**
 * Id: `<orgId>:<declarantId>`. Leaving keeps the document (state 'left'); re-joining needs a card
 * issued after `leftAt`.
 *
 * The name this org's collector sees is the membership's, not the document's, so
 * nothing done in another org changes it. A verified name (the registry's for a mainland ID, or
 * the declarant's own real-name login) replaces it; a typed name that differs from an unverified
 * one is kept beside it (`altNameCipher`) as a conflict the collector resolves. Null name fields:
 * a membership from before this change (the declarant's record then names it).
 */
export interface Membership {
  id: string
  orgId: string
  declarantId: string
  maskedName: string
  nameCipher: string | null
  nameVerified: boolean
  altNameCipher: string | null
  altMaskedName: string | null
  docType: DocType
  state: 'active' | 'left'
  joinedAt: number
  leftAt: number | null
}

/** A filer's 申报人列表 entry. Id: `<filerIdentityId>:<declarantId>`. */
export interface Binding {
  id: string
  filerIdentityId: string
  /** Where reminders go (Notifier). */
  filerOpenid: string
  declarantId: string
  relation: 'self' | 'proxy'
  state: 'active' | 'removed'
  createdAt: number
  removedAt: number | null
  /**
   * The name this filer gave (or the verified one): it belongs to the binding, so one filer's typo
   * never renames or locks out anyone else's. Null: a binding from before this.
   */
  nameCipher: string | null
  maskedName: string | null
}

/**
 * A proxy's reach (found by the model-based test): the filer joined the declarant through
 * this org's card, so may file, read and leave for them here. A binding is per declarant, across
 * orgs; without this, a proxy bound through any org (their own, say) acted for the declarant in every
 * org the declarant belongs to. One's own binding (本人) needs none. Id: `<filer>:<orgId>:<declarantId>`.
 */
export interface Reach {
  id: string
  filerIdentityId: string
  orgId: string
  declarantId: string
  grantedAt: number
}

export interface Submission {
  id: string
  orgId: string
  declarantId: string
  day: string
  clientId: string
  submittedAt: number
  late: boolean
  filerIdentityId: string
  byCollector: boolean
  /** AES-GCM ciphertext of the HealthForm JSON (phone and whereabouts are personal). */
  formCipher: string
  /** Abnormal answers (field keys), in clear so the workbench reads no form. */
  abnormal: string[]
}

/** The counted (latest) submission of one declarant in one org on one day. Id: `<orgId>:<day>:<declarantId>`. */
export interface DayEntry {
  id: string
  orgId: string
  day: string
  declarantId: string
  submissionId: string
  submittedAt: number
  late: boolean
  abnormal: string[]
}

/** 采集员提交当日数据. Id: `<orgId>:<day>`; its existence is the lock. */
export interface DayLock {
  id: string
  orgId: string
  day: string
  lockedAt: number
  lockedBy: string
}

/**
 * The trace of 提醒未申报 for one org's day, so the workbench shows it after a reload and
 * on the collector's other device. Id: `<orgId>:<day>`. Counts and time only: nobody reminded is named.
 */
export interface DayReminder {
  id: string
  orgId: string
  day: string
  /** The latest reminder (by its time): when, by whom (identity id, internal), how many filers it reached. */
  lastAt: number
  lastBy: string
  lastCount: number
  /** How many times the day was reminded. */
  times: number
}

export interface ExportJob {
  id: string
  orgId: string
  requestedBy: string
  done: number
  total: number
  state: 'running' | 'done' | 'failed'
  updatedAt: number
}

/** One active member of an org with that day's counted entry, if any: the workbench's read model. */
export interface BoardRow {
  declarantId: string
  maskedName: string
  /** The membership's name (null: from before names were kept per membership, the declarant's record names it). */
  nameCipher: string | null
  /** A differing typed name awaiting the collector (never set once the name is verified). */
  altNameCipher: string | null
  docType: DocType
  joinedAt: number
  submittedAt: number | null
  /** The counted submission, so the workbench reads who filed it without listing the day again. */
  submissionId: string | null
  late: boolean
  abnormal: string[]
}

export type Ensured<T> = { stored: T; created: boolean }

export type ProxyClaim = 'claimed' | 'holds' | 'full'

export type RecordOutcome = { kind: 'locked' } | { kind: 'stored'; stored: Submission; created: boolean }

export interface HealthStores {
  orgs: {
    create(org: Org): Promise<void>
    get(id: string): Promise<Org | null>
    listByCollector(identityId: string): Promise<Org[]>
  }
  declarants: {
    ensure(d: Declarant): Promise<Ensured<Declarant>>
    get(id: string): Promise<Declarant | null>
    getMany(ids: readonly string[]): Promise<Declarant[]>
  }
  memberships: {
    ensure(m: Membership): Promise<Ensured<Membership>>
    /** left → active (conditional on one document); true if it changed. */
    rejoin(id: string, at: number): Promise<boolean>
    /** active → left; true if it changed. */
    leave(id: string, at: number): Promise<boolean>
    /** A verified name replaces whatever name the membership had and clears any conflict. */
    setVerifiedName(id: string, name: { nameCipher: string; maskedName: string }): Promise<void>
    /** A differing typed name, kept beside an unverified one; false (nothing written) once verified. */
    flagOtherName(id: string, alt: { altNameCipher: string; altMaskedName: string }): Promise<boolean>
    /**
     * The collector's choice, conditional on the conflict still being the one they saw
     * (`altNameCipher`): keep the current name or take the other; either clears the conflict.
     */
    resolveName(id: string, seenAltNameCipher: string, keep: 'current' | 'other'): Promise<boolean>
    get(id: string): Promise<Membership | null>
    listByOrg(orgId: string): Promise<Membership[]>
    listByDeclarant(declarantId: string): Promise<Membership[]>
  }
  bindings: {
    /** Creates the binding, or re-activates a removed one; returns the stored state. */
    activate(b: Binding): Promise<Binding>
    get(id: string): Promise<Binding | null>
    /** active → removed; true if it changed. */
    remove(id: string, at: number): Promise<boolean>
    listByFiler(filerIdentityId: string): Promise<Binding[]>
    listByDeclarant(declarantId: string): Promise<Binding[]>
  }
  reach: {
    /** Insert by id; granting again changes nothing. */
    grant(r: Reach): Promise<void>
    has(filerIdentityId: string, orgId: string, declarantId: string): Promise<boolean>
    listByOrg(orgId: string): Promise<Reach[]>
  }
  /**
   * FAQ 10: at most `max` proxies per declarant, decided atomically by the store (ARCHITECTURE.md):
   * SQLite in one transaction; CloudBase on one per-declarant document by id.
   */
  proxySlots: {
    claim(declarantId: string, proxyKey: string, max: number): Promise<ProxyClaim>
    release(declarantId: string, proxyKey: string): Promise<boolean>
    holders(declarantId: string): Promise<string[]>
  }
  submissions: {
    /**
     * Stores a submission by its deterministic id (a replay returns the stored one, created
     * false) and makes it the day's counted entry if it is the latest. With `respectLock` a
     * locked day stores nothing.
     */
    record(sub: Submission, opts: { respectLock: boolean }): Promise<RecordOutcome>
    get(id: string): Promise<Submission | null>
    getMany(ids: readonly string[]): Promise<Submission[]>
  }
  dayEntries: {
    get(orgId: string, day: string, declarantId: string): Promise<DayEntry | null>
    listByOrgDay(orgId: string, day: string): Promise<DayEntry[]>
    /** Active members of the org joined with the day's entries (SQLite: one JOIN; CloudBase: two lists). */
    board(orgId: string, day: string): Promise<BoardRow[]>
  }
  dayLocks: {
    /** Insert by id; a second lock of the same day returns the first. */
    lock(l: DayLock): Promise<Ensured<DayLock>>
    get(orgId: string, day: string): Promise<DayLock | null>
    listByOrg(orgId: string): Promise<DayLock[]>
  }
  /**
   * One upsert on one document by id (CLOUDBASE.md): concurrent reminders each count (times), and
   * the latest by time names the last one. Returns the stored trace.
   */
  dayReminders: {
    record(r: { orgId: string; day: string; at: number; by: string; count: number }): Promise<DayReminder>
    get(orgId: string, day: string): Promise<DayReminder | null>
  }
  /**
   * A job id is the client's, so the store guards whose it is. `start` inserts
   * the job, or restarts it when the same org and requester already hold the id; false (nothing
   * written) when another org or requester does. `progress` writes only a job whose org and
   * requester match (one conditional write on one document by id).
   */
  exportJobs: {
    start(job: ExportJob): Promise<boolean>
    progress(job: ExportJob): Promise<void>
    get(id: string): Promise<ExportJob | null>
  }
}

export const healthIds = {
  membership: (orgId: string, declarantId: string) => `${orgId}:${declarantId}`,
  binding: (filerIdentityId: string, declarantId: string) => `${filerIdentityId}:${declarantId}`,
  reach: (filerIdentityId: string, orgId: string, declarantId: string) => `${filerIdentityId}:${orgId}:${declarantId}`,
  dayEntry: (orgId: string, day: string, declarantId: string) => `${orgId}:${day}:${declarantId}`,
  dayLock: (orgId: string, day: string) => `${orgId}:${day}`,
  dayReminder: (orgId: string, day: string) => `${orgId}:${day}`,
}
