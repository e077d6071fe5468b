import type Database from 'better-sqlite3'
import { isLater } from '../../domain/health/declaration'
import type { HealthStores, Submission } from '../../ports/healthStores'
import { healthIds } from '../../ports/healthStores'
import { groupCommit } from './groupCommit'
import {
  ReachRecord, BindingRecord, DayEntryRecord, DayLockRecord, DayReminderRecord, DeclarantRecord, ExportJobRecord, MembershipRecord, OrgRecord, parseBoardRow, SubmissionRecord,
} from '../healthSchemas'

const parseRow = <T>(schema: { parse(v: unknown): T }, row: unknown): T | null => (row === undefined ? null : schema.parse(row))

/**
 * The health Store ports on SQLite. Atomic steps are one statement or one `db.transaction`
 * (better-sqlite3 runs it synchronously, so no other call interleaves); the proxy limit is a
 * count and an insert inside one transaction, which SQLite serialises even across processes.
 */
export function sqliteHealthStores(db: Database.Database): HealthStores {
  const p = (sql: string) => db.prepare(sql)
  const q = {
    orgInsert: p(`INSERT INTO health_orgs (id, name, deadline, frequency, collectorIdentityId, collectorMaskedName, createdAt)
      VALUES (@id, @name, @deadline, @frequency, @collectorIdentityId, @collectorMaskedName, @createdAt)`),
    orgGet: p('SELECT * FROM health_orgs WHERE id = ?'),
    orgByCollector: p('SELECT * FROM health_orgs WHERE collectorIdentityId = ? ORDER BY createdAt, id'),
    declInsert: p(`INSERT OR IGNORE INTO health_declarants (id, docType, nameCipher, docNumberCipher, maskedName, maskedDocNumber, createdAt)
      VALUES (@id, @docType, @nameCipher, @docNumberCipher, @maskedName, @maskedDocNumber, @createdAt)`),
    declGet: p('SELECT * FROM health_declarants WHERE id = ?'),
    memInsert: p(`INSERT OR IGNORE INTO health_memberships (id, orgId, declarantId, maskedName, nameCipher, nameVerified, altNameCipher, altMaskedName, docType, state, joinedAt, leftAt)
      VALUES (@id, @orgId, @declarantId, @maskedName, @nameCipher, @nameVerified, @altNameCipher, @altMaskedName, @docType, @state, @joinedAt, @leftAt)`),
    memVerified: p('UPDATE health_memberships SET nameCipher = ?, maskedName = ?, nameVerified = 1, altNameCipher = NULL, altMaskedName = NULL WHERE id = ?'),
    memFlag: p('UPDATE health_memberships SET altNameCipher = ?, altMaskedName = ? WHERE id = ? AND nameVerified = 0'),
    memKeep: p('UPDATE health_memberships SET altNameCipher = NULL, altMaskedName = NULL WHERE id = ? AND altNameCipher = ?'),
    memTakeOther: p(`UPDATE health_memberships SET nameCipher = altNameCipher, maskedName = altMaskedName, altNameCipher = NULL, altMaskedName = NULL
      WHERE id = ? AND altNameCipher = ?`),
    memGet: p('SELECT * FROM health_memberships WHERE id = ?'),
    memRejoin: p("UPDATE health_memberships SET state = 'active', joinedAt = ?, leftAt = NULL WHERE id = ? AND state = 'left'"),
    memLeave: p("UPDATE health_memberships SET state = 'left', leftAt = ? WHERE id = ? AND state = 'active'"),
    memByOrg: p('SELECT * FROM health_memberships WHERE orgId = ? ORDER BY joinedAt, id'),
    memByDecl: p('SELECT * FROM health_memberships WHERE declarantId = ? ORDER BY joinedAt, id'),
    bindUpsert: p(`INSERT INTO health_bindings (id, filerIdentityId, filerOpenid, declarantId, relation, state, createdAt, removedAt, nameCipher, maskedName)
      VALUES (@id, @filerIdentityId, @filerOpenid, @declarantId, @relation, 'active', @createdAt, NULL, @nameCipher, @maskedName)
      ON CONFLICT(id) DO UPDATE SET state = 'active', removedAt = NULL, filerOpenid = excluded.filerOpenid,
        nameCipher = excluded.nameCipher, maskedName = excluded.maskedName,
        createdAt = CASE WHEN health_bindings.state = 'removed' THEN excluded.createdAt ELSE health_bindings.createdAt END`),
    bindGet: p('SELECT * FROM health_bindings WHERE id = ?'),
    bindRemove: p("UPDATE health_bindings SET state = 'removed', removedAt = ? WHERE id = ? AND state = 'active'"),
    bindByFiler: p('SELECT * FROM health_bindings WHERE filerIdentityId = ? ORDER BY createdAt, id'),
    bindByDecl: p('SELECT * FROM health_bindings WHERE declarantId = ? ORDER BY createdAt, id'),
    reachInsert: p('INSERT OR IGNORE INTO health_reach (id, filerIdentityId, orgId, declarantId, grantedAt) VALUES (@id, @filerIdentityId, @orgId, @declarantId, @grantedAt)'),
    reachGet: p('SELECT 1 FROM health_reach WHERE id = ?'),
    reachByOrg: p('SELECT * FROM health_reach WHERE orgId = ? ORDER BY grantedAt, id'),
    holders: p('SELECT proxyKey FROM health_proxy_holders WHERE declarantId = ? ORDER BY rowid'),
    holderInsert: p('INSERT INTO health_proxy_holders (declarantId, proxyKey) VALUES (?, ?)'),
    holderDelete: p('DELETE FROM health_proxy_holders WHERE declarantId = ? AND proxyKey = ?'),
    subInsert: p(`INSERT OR IGNORE INTO health_submissions (id, orgId, declarantId, day, clientId, submittedAt, late, filerIdentityId, byCollector, formCipher, abnormal)
      VALUES (@id, @orgId, @declarantId, @day, @clientId, @submittedAt, @late, @filerIdentityId, @byCollector, @formCipher, @abnormal)`),
    subGet: p('SELECT * FROM health_submissions WHERE id = ?'),
    entryGet: p('SELECT * FROM health_day_entries WHERE id = ?'),
    entryUpsert: p(`INSERT INTO health_day_entries (id, orgId, day, declarantId, submissionId, submittedAt, late, abnormal)
      VALUES (@id, @orgId, @day, @declarantId, @submissionId, @submittedAt, @late, @abnormal)
      ON CONFLICT(id) DO UPDATE SET submissionId = excluded.submissionId, submittedAt = excluded.submittedAt,
        late = excluded.late, abnormal = excluded.abnormal`),
    entriesByDay: p('SELECT * FROM health_day_entries WHERE orgId = ? AND day = ?'),
    board: p(`SELECT m.declarantId, m.maskedName, m.nameCipher, m.altNameCipher, m.docType, m.joinedAt, e.submittedAt, e.submissionId, COALESCE(e.late, 0) AS late, COALESCE(e.abnormal, '[]') AS abnormal
      FROM health_memberships m LEFT JOIN health_day_entries e ON e.id = m.orgId || ':' || ? || ':' || m.declarantId
      WHERE m.orgId = ? AND m.state = 'active' ORDER BY m.joinedAt, m.id`),
    lockInsert: p('INSERT OR IGNORE INTO health_day_locks (id, orgId, day, lockedAt, lockedBy) VALUES (@id, @orgId, @day, @lockedAt, @lockedBy)'),
    lockGet: p('SELECT * FROM health_day_locks WHERE id = ?'),
    locksByOrg: p('SELECT * FROM health_day_locks WHERE orgId = ? ORDER BY day'),
    // One statement: SQLite serialises it, so concurrent reminders each add one; the latest by time stays named.
    reminderUpsert: p(`INSERT INTO health_day_reminders (id, orgId, day, lastAt, lastBy, lastCount, times)
      VALUES (@id, @orgId, @day, @at, @by, @count, 1)
      ON CONFLICT(id) DO UPDATE SET times = times + 1,
        lastBy = CASE WHEN excluded.lastAt >= lastAt THEN excluded.lastBy ELSE lastBy END,
        lastCount = CASE WHEN excluded.lastAt >= lastAt THEN excluded.lastCount ELSE lastCount END,
        lastAt = MAX(lastAt, excluded.lastAt)`),
    reminderGet: p('SELECT * FROM health_day_reminders WHERE id = ?'),
    // The owner's row only: another org's or requester's id is left alone.
    jobStart: p(`INSERT INTO health_export_jobs (id, orgId, requestedBy, done, total, state, updatedAt)
      VALUES (@id, @orgId, @requestedBy, @done, @total, @state, @updatedAt)
      ON CONFLICT(id) DO UPDATE SET done = excluded.done, total = excluded.total, state = excluded.state, updatedAt = excluded.updatedAt
      WHERE health_export_jobs.orgId = excluded.orgId AND health_export_jobs.requestedBy = excluded.requestedBy`),
    jobProgress: p(`UPDATE health_export_jobs SET done = @done, total = @total, state = @state, updatedAt = @updatedAt
      WHERE id = @id AND orgId = @orgId AND requestedBy = @requestedBy`),
    jobGet: p('SELECT * FROM health_export_jobs WHERE id = ?'),
  }
  const many = <T>(ids: readonly string[], get: (id: string) => T | null): T[] =>
    ids.map(get).filter((x): x is T => x !== null)
  const getSub = (id: string) => parseRow(SubmissionRecord, q.subGet.get(id))
  const getDecl = (id: string) => parseRow(DeclarantRecord, q.declGet.get(id))

  // Lock check, idempotent insert and latest-wins in one transaction: a lock cannot slip between them.
  // Group-committed: the declarations in flight share one durable commit (groupCommit.ts).
  const record = groupCommit(db, (sub: Submission, respectLock: boolean) => {
    const existing = getSub(sub.id)
    if (existing) return { kind: 'stored' as const, stored: existing, created: false }
    if (respectLock && q.lockGet.get(healthIds.dayLock(sub.orgId, sub.day))) return { kind: 'locked' as const }
    q.subInsert.run({ ...sub, late: sub.late ? 1 : 0, byCollector: sub.byCollector ? 1 : 0, abnormal: JSON.stringify(sub.abnormal) })
    const entryId = healthIds.dayEntry(sub.orgId, sub.day, sub.declarantId)
    const current = parseRow(DayEntryRecord, q.entryGet.get(entryId))
    if (!current || isLater(sub, { submittedAt: current.submittedAt, id: current.submissionId })) {
      q.entryUpsert.run({
        id: entryId, orgId: sub.orgId, day: sub.day, declarantId: sub.declarantId, submissionId: sub.id,
        submittedAt: sub.submittedAt, late: sub.late ? 1 : 0, abnormal: JSON.stringify(sub.abnormal),
      })
    }
    return { kind: 'stored' as const, stored: sub, created: true }
  })
  const claim = db.transaction((declarantId: string, proxyKey: string, max: number) => {
    const holders = (q.holders.all(declarantId) as Array<{ proxyKey: string }>).map((r) => r.proxyKey)
    if (holders.includes(proxyKey)) return 'holds' as const
    if (holders.length >= max) return 'full' as const
    q.holderInsert.run(declarantId, proxyKey)
    return 'claimed' as const
  })

  return {
    orgs: {
      create: async (o) => void q.orgInsert.run(o),
      get: async (id) => parseRow(OrgRecord, q.orgGet.get(id)),
      listByCollector: async (who) => q.orgByCollector.all(who).map((r) => OrgRecord.parse(r)),
    },
    declarants: {
      ensure: async (d) => {
        const created = q.declInsert.run(d).changes === 1
        return { stored: DeclarantRecord.parse(q.declGet.get(d.id)), created }
      },
      get: async (id) => getDecl(id),
      getMany: async (ids) => many(ids, getDecl),
    },
    memberships: {
      ensure: async (m) => {
        const created = q.memInsert.run({ ...m, nameVerified: m.nameVerified ? 1 : 0 }).changes === 1
        return { stored: MembershipRecord.parse(q.memGet.get(m.id)), created }
      },
      rejoin: async (id, at) => q.memRejoin.run(at, id).changes === 1,
      leave: async (id, at) => q.memLeave.run(at, id).changes === 1,
      setVerifiedName: async (id, n) => void q.memVerified.run(n.nameCipher, n.maskedName, id),
      flagOtherName: async (id, a) => q.memFlag.run(a.altNameCipher, a.altMaskedName, id).changes === 1,
      resolveName: async (id, seen, keep) => (keep === 'other' ? q.memTakeOther : q.memKeep).run(id, seen).changes === 1,
      get: async (id) => parseRow(MembershipRecord, q.memGet.get(id)),
      listByOrg: async (orgId) => q.memByOrg.all(orgId).map((r) => MembershipRecord.parse(r)),
      listByDeclarant: async (id) => q.memByDecl.all(id).map((r) => MembershipRecord.parse(r)),
    },
    bindings: {
      activate: async (b) => {
        q.bindUpsert.run(b)
        return BindingRecord.parse(q.bindGet.get(b.id))
      },
      get: async (id) => parseRow(BindingRecord, q.bindGet.get(id)),
      remove: async (id, at) => q.bindRemove.run(at, id).changes === 1,
      listByFiler: async (who) => q.bindByFiler.all(who).map((r) => BindingRecord.parse(r)),
      listByDeclarant: async (id) => q.bindByDecl.all(id).map((r) => BindingRecord.parse(r)),
    },
    reach: {
      grant: async (r) => void q.reachInsert.run(r),
      has: async (filer, orgId, declarantId) => q.reachGet.get(healthIds.reach(filer, orgId, declarantId)) !== undefined,
      listByOrg: async (orgId) => q.reachByOrg.all(orgId).map((r) => ReachRecord.parse(r)),
    },
    proxySlots: {
      claim: async (declarantId, proxyKey, max) => claim(declarantId, proxyKey, max),
      release: async (declarantId, proxyKey) => q.holderDelete.run(declarantId, proxyKey).changes === 1,
      holders: async (declarantId) => (q.holders.all(declarantId) as Array<{ proxyKey: string }>).map((r) => r.proxyKey),
    },
    submissions: {
      record: (sub, opts) => record(sub, opts.respectLock),
      get: async (id) => getSub(id),
      getMany: async (ids) => many(ids, getSub),
    },
    dayEntries: {
      get: async (orgId, day, declarantId) => parseRow(DayEntryRecord, q.entryGet.get(healthIds.dayEntry(orgId, day, declarantId))),
      listByOrgDay: async (orgId, day) => q.entriesByDay.all(orgId, day).map((r) => DayEntryRecord.parse(r)),
      board: async (orgId, day) => q.board.all(day, orgId).map(parseBoardRow),
    },
    dayLocks: {
      lock: async (l) => {
        const created = q.lockInsert.run(l).changes === 1
        return { stored: DayLockRecord.parse(q.lockGet.get(l.id)), created }
      },
      get: async (orgId, day) => parseRow(DayLockRecord, q.lockGet.get(healthIds.dayLock(orgId, day))),
      listByOrg: async (orgId) => q.locksByOrg.all(orgId).map((r) => DayLockRecord.parse(r)),
    },
    dayReminders: {
      record: async (r) => {
        const id = healthIds.dayReminder(r.orgId, r.day)
        q.reminderUpsert.run({ id, orgId: r.orgId, day: r.day, at: r.at, by: r.by, count: r.count })
        return DayReminderRecord.parse(q.reminderGet.get(id))
      },
      get: async (orgId, day) => parseRow(DayReminderRecord, q.reminderGet.get(healthIds.dayReminder(orgId, day))),
    },
    exportJobs: {
      start: async (job) => q.jobStart.run(job).changes === 1,
      progress: async (job) => void q.jobProgress.run(job),
      get: async (id) => parseRow(ExportJobRecord, q.jobGet.get(id)),
    },
  }
}
