import { isLater } from '../../domain/health/declaration'
import type { DayEntry, HealthStores, Submission } from '../../ports/healthStores'
import { healthIds } from '../../ports/healthStores'
import {
  BindingRecord, DayEntryRecord, DayLockRecord, DayReminderRecord, DeclarantRecord, ExportJobRecord, MembershipRecord, OrgRecord,
  ProxySlotsRecord, ReachRecord, SubmissionRecord,
} from '../healthSchemas'
import type { DocDb } from './docDb'
import { checkReply } from './dbErrors'
import { DocTable } from './docTable'

export const HEALTH_COLLECTIONS = {
  orgs: 'health_orgs',
  declarants: 'health_declarants',
  memberships: 'health_memberships',
  bindings: 'health_bindings',
  reach: 'health_reach',
  proxySlots: 'health_proxy_slots',
  submissions: 'health_submissions',
  dayEntries: 'health_day_entries',
  dayLocks: 'health_day_locks',
  dayReminders: 'health_day_reminders',
  exportJobs: 'health_export_jobs',
} as const

/** Optimistic rounds before giving up: each lost round means another writer succeeded. */
const ROUNDS = 12
/** Ids per `_.in` read: 1,000 documents is the most one `get` returns (CLOUDBASE.md). */
export const IN_BATCH = 1000

/** Every page of an equality query (1,000 documents per `get` at most, CLOUDBASE.md). */
async function listAll<T extends object, K extends keyof T & string>(table: DocTable<T, K>, query: Partial<T>, by: string): Promise<T[]> {
  const out: T[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = await table.list(query, { by, dir: 'asc' }, { offset, limit: 1000 })
    out.push(...page)
    if (page.length < 1000) return out
  }
}

/**
 * The health Store ports over the CloudBase document database. Every atomic step touches one
 * document by id (CLOUDBASE.md):
 * - the proxy limit is one document per declarant (`health_proxy_slots/<declarantId>`) holding
 *   the holders and a version; a claim is `add` when absent, else a conditional update
 *   `where({ _id, version }).update(...)`, which one racer wins per version: the same
 *   compare-and-set a `runTransaction` on that document would do, with the retry written here;
 * - a submission is `add` with its deterministic id, so a replay is a duplicate-key error;
 * - the day's counted entry is replaced only by a later submission, conditional on the entry
 *   still naming the one it replaces.
 * The day lock (SQLite: one transaction) is read before the insert and again after it: a lock
 * that landed in between refuses the submission, which is deleted before it is ever counted, so
 * a 重新提交 of it is refused too instead of being answered as already stored. A lock that lands
 * after the second read was later than the submission, which then counts.
 * A day's reminder trace is `add` when absent, else a conditional update on its `times` (the
 * version): each reminder counts once however many race.
 */
export function createCloudBaseHealthStores(db: DocDb, names: typeof HEALTH_COLLECTIONS = HEALTH_COLLECTIONS): HealthStores {
  const orgs = new DocTable(db, names.orgs, 'id', OrgRecord)
  const declarants = new DocTable(db, names.declarants, 'id', DeclarantRecord)
  const memberships = new DocTable(db, names.memberships, 'id', MembershipRecord)
  const bindings = new DocTable(db, names.bindings, 'id', BindingRecord)
  const slots = new DocTable(db, names.proxySlots, 'id', ProxySlotsRecord)
  const reach = new DocTable(db, names.reach, 'id', ReachRecord)
  const submissions = new DocTable(db, names.submissions, 'id', SubmissionRecord)
  const entries = new DocTable(db, names.dayEntries, 'id', DayEntryRecord)
  const locks = new DocTable(db, names.dayLocks, 'id', DayLockRecord)
  const reminders = new DocTable(db, names.dayReminders, 'id', DayReminderRecord)
  const jobs = new DocTable(db, names.exportJobs, 'id', ExportJobRecord)
  /**
   * Documents by id, one `where({ _id: _.in(chunk) })` per 1,000 ids (the most one `get`
   * returns, CLOUDBASE.md) instead of one read per document: an export of 5,000 members reads
   * 5 times, not 5,000. Returned in the order asked, missing ids skipped.
   */
  const getMany = async <T extends { id: string }>(name: string, schema: { parse(v: unknown): T }, ids: readonly string[]): Promise<T[]> => {
    const unique = [...new Set(ids)]
    const chunks: string[][] = []
    for (let i = 0; i < unique.length; i += IN_BATCH) chunks.push(unique.slice(i, i + IN_BATCH))
    const pages = await Promise.all(
      chunks.map(async (chunk) => {
        const reply = checkReply(await db.collection(name).where({ _id: db.command.in(chunk) }).limit(IN_BATCH).get())
        const rows = Array.isArray(reply.data) ? (reply.data as Array<Record<string, unknown>>) : []
        return rows.map(({ _id, ...rest }) => schema.parse({ ...rest, id: _id }))
      }),
    )
    const byId = new Map(pages.flat().map((x) => [x.id, x]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  /** `seen`: the entry document as just read (null: none), so the first round needs no read of its own. */
  async function countAsLatest(sub: Submission, seen?: DayEntry | null): Promise<void> {
    const entry: DayEntry = {
      id: healthIds.dayEntry(sub.orgId, sub.day, sub.declarantId), orgId: sub.orgId, day: sub.day, declarantId: sub.declarantId,
      submissionId: sub.id, submittedAt: sub.submittedAt, late: sub.late, abnormal: sub.abnormal,
    }
    for (let round = 0; round < ROUNDS; round++) {
      const current = round === 0 && seen !== undefined ? seen : await entries.get(entry.id)
      if (!current) {
        if ((await entries.ensure(entry)).created) return
        continue
      }
      if (!isLater(sub, { submittedAt: current.submittedAt, id: current.submissionId })) return
      const { id: _id, ...fields } = entry
      if (await entries.patchIf(entry.id, { submissionId: current.submissionId }, fields)) return
    }
    throw new Error('day entry contention')
  }

  return {
    orgs: {
      create: (o) => orgs.insert(o),
      get: (id) => orgs.get(id),
      listByCollector: (collectorIdentityId) => listAll(orgs, { collectorIdentityId }, 'createdAt'),
    },
    declarants: {
      ensure: (d) => declarants.ensure(d),
      get: (id) => declarants.get(id),
      getMany: (ids) => getMany(names.declarants, DeclarantRecord, ids),
    },
    memberships: {
      ensure: (m) => memberships.ensure(m),
      rejoin: (id, at) => memberships.patchIf(id, { state: 'left' }, { state: 'active', joinedAt: at, leftAt: null }),
      leave: (id, at) => memberships.patchIf(id, { state: 'active' }, { state: 'left', leftAt: at }),
      setVerifiedName: async (id, n) => void (await memberships.patch(id, { ...n, nameVerified: true, altNameCipher: null, altMaskedName: null })),
      flagOtherName: (id, a) => memberships.patchIf(id, { nameVerified: false }, a),
      resolveName: async (id, seen, keep) => {
        const m = await memberships.get(id)
        if (!m || m.altNameCipher !== seen) return false
        const name = keep === 'other' ? { nameCipher: m.altNameCipher, maskedName: m.altMaskedName ?? m.maskedName } : {}
        return memberships.patchIf(id, { altNameCipher: seen }, { ...name, altNameCipher: null, altMaskedName: null })
      },
      get: (id) => memberships.get(id),
      listByOrg: (orgId) => listAll(memberships, { orgId }, 'joinedAt'),
      listByDeclarant: (declarantId) => listAll(memberships, { declarantId }, 'joinedAt'),
    },
    bindings: {
      activate: async (b) => {
        const { stored, created } = await bindings.ensure({ ...b, state: 'active', removedAt: null })
        if (created) return stored
        const latest = { filerOpenid: b.filerOpenid, nameCipher: b.nameCipher, maskedName: b.maskedName }
        if (stored.state === 'active') await bindings.patch(b.id, latest)
        else await bindings.patchIf(b.id, { state: 'removed' }, { ...latest, state: 'active', removedAt: null, createdAt: b.createdAt })
        return (await bindings.get(b.id))!
      },
      get: (id) => bindings.get(id),
      remove: (id, at) => bindings.patchIf(id, { state: 'active' }, { state: 'removed', removedAt: at }),
      listByFiler: (filerIdentityId) => listAll(bindings, { filerIdentityId }, 'createdAt'),
      listByDeclarant: (declarantId) => listAll(bindings, { declarantId }, 'createdAt'),
    },
    reach: {
      grant: async (r) => void (await reach.ensure(r)),
      has: async (filer, orgId, declarantId) => (await reach.get(healthIds.reach(filer, orgId, declarantId))) !== null,
      listByOrg: (orgId) => listAll(reach, { orgId }, 'grantedAt'),
    },
    proxySlots: {
      claim: async (declarantId, proxyKey, max) => {
        for (let round = 0; round < ROUNDS; round++) {
          const doc = await slots.get(declarantId)
          if (!doc) {
            if ((await slots.ensure({ id: declarantId, holders: [proxyKey], version: 1 })).created) return 'claimed'
            continue
          }
          if (doc.holders.includes(proxyKey)) return 'holds'
          if (doc.holders.length >= max) return 'full'
          const next = { holders: [...doc.holders, proxyKey], version: doc.version + 1 }
          if (await slots.patchIf(declarantId, { version: doc.version }, next)) return 'claimed'
        }
        throw new Error('proxy slot contention')
      },
      release: async (declarantId, proxyKey) => {
        for (let round = 0; round < ROUNDS; round++) {
          const doc = await slots.get(declarantId)
          if (!doc || !doc.holders.includes(proxyKey)) return false
          const next = { holders: doc.holders.filter((h) => h !== proxyKey), version: doc.version + 1 }
          if (await slots.patchIf(declarantId, { version: doc.version }, next)) return true
        }
        throw new Error('proxy slot contention')
      },
      holders: async (declarantId) => (await slots.get(declarantId))?.holders ?? [],
    },
    submissions: {
      record: async (sub, opts) => {
        // Independent reads share a round trip; the replay still wins over the lock, as before.
        const lockId = healthIds.dayLock(sub.orgId, sub.day)
        const [existing, lockedBefore] = await Promise.all([submissions.get(sub.id), opts.respectLock ? locks.get(lockId) : null])
        if (existing) return { kind: 'stored', stored: existing, created: false }
        if (lockedBefore) return { kind: 'locked' }
        const { stored, created } = await submissions.ensure(sub)
        if (!created) return { kind: 'stored', stored, created }
        // The collector may have locked the day between the read above and the insert. The day's
        // entry is read beside that check: the compare-and-set below starts from it.
        const [lockedAfter, current] = await Promise.all([opts.respectLock ? locks.get(lockId) : null, entries.get(healthIds.dayEntry(sub.orgId, sub.day, sub.declarantId))])
        if (lockedAfter) {
          checkReply(await db.collection(names.submissions).doc(sub.id).remove())
          return { kind: 'locked' }
        }
        await countAsLatest(sub, current)
        return { kind: 'stored', stored, created }
      },
      get: (id) => submissions.get(id),
      getMany: (ids) => getMany(names.submissions, SubmissionRecord, ids),
    },
    dayEntries: {
      get: (orgId, day, declarantId) => entries.get(healthIds.dayEntry(orgId, day, declarantId)),
      listByOrgDay: (orgId, day) => listAll(entries, { orgId, day }, 'id'),
      board: async (orgId, day) => {
        const [members, dayEntries] = await Promise.all([listAll(memberships, { orgId, state: 'active' }, 'joinedAt'), listAll(entries, { orgId, day }, 'id')])
        const byDeclarant = new Map(dayEntries.map((x) => [x.declarantId, x]))
        return members.map((m) => {
          const e = byDeclarant.get(m.declarantId)
          return { declarantId: m.declarantId, maskedName: m.maskedName, nameCipher: m.nameCipher, altNameCipher: m.altNameCipher, docType: m.docType, joinedAt: m.joinedAt, submittedAt: e?.submittedAt ?? null, submissionId: e?.submissionId ?? null, late: e?.late ?? false, abnormal: e?.abnormal ?? [] }
        })
      },
    },
    dayLocks: {
      lock: (l) => locks.ensure(l),
      get: (orgId, day) => locks.get(healthIds.dayLock(orgId, day)),
      listByOrg: (orgId) => listAll(locks, { orgId }, 'day'),
    },
    dayReminders: {
      record: async (r) => {
        const id = healthIds.dayReminder(r.orgId, r.day)
        // Each lost round means another reminder was counted: as many rounds as reminders could race.
        for (let round = 0; round < ROUNDS * 4; round++) {
          const doc = await reminders.get(id)
          if (!doc) {
            const { stored, created } = await reminders.ensure({ id, orgId: r.orgId, day: r.day, lastAt: r.at, lastBy: r.by, lastCount: r.count, times: 1 })
            if (created) return stored
            continue
          }
          const latest = r.at >= doc.lastAt ? { lastAt: r.at, lastBy: r.by, lastCount: r.count } : {}
          const next = { ...doc, ...latest, times: doc.times + 1 }
          const { id: _id, ...fields } = next
          if (await reminders.patchIf(id, { times: doc.times }, fields)) return next
        }
        throw new Error('day reminder contention')
      },
      get: (orgId, day) => reminders.get(healthIds.dayReminder(orgId, day)),
    },
    exportJobs: {
      start: async (job) => {
        const { stored, created } = await jobs.ensure(job)
        if (created) return true
        if (stored.orgId !== job.orgId || stored.requestedBy !== job.requestedBy) return false
        const { id, orgId, requestedBy, ...fields } = job
        await jobs.patchIf(id, { orgId, requestedBy }, fields)
        return true
      },
      progress: async ({ id, orgId, requestedBy, ...fields }) => void (await jobs.patchIf(id, { orgId, requestedBy }, fields)),
      get: (id) => jobs.get(id),
    },
  }
}
