import type Database from 'better-sqlite3'
import type { z } from 'zod'
import type { CounterStores } from '../../ports/counterStores'
import { CounterCaseRecord, CounterOperatorRecord, CounterRecord, CounterSessionRecord, CounterTicketRecord, DelegationRecord, GovCodeRecord, KioskDeviceRecord, KioskPairingRecord, SignInThrottleRecord } from '../counterSchemas'

const parseRow = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, row: unknown): T | null => (row === undefined ? null : schema.parse(row))

/**
 * Counter Store ports on SQLite (migrations 11, 12 and 27). A code is spent and a case moves by one
 * conditional UPDATE each, the same single-document step the CloudBase adapter takes.
 */
export function sqliteCounterStores(db: Database.Database): CounterStores {
  const q = {
    codeInsert: db.prepare('INSERT OR IGNORE INTO counter_codes (id, identityId, issuedAt, expiresAt, usedAt, caseId, delegationId) VALUES (@id, @identityId, @issuedAt, @expiresAt, @usedAt, @caseId, @delegationId)'),
    codeGet: db.prepare('SELECT * FROM counter_codes WHERE id = ?'),
    codeSpend: db.prepare('UPDATE counter_codes SET usedAt = ?, caseId = ? WHERE id = ? AND usedAt IS NULL'),
    counterUpsert: db.prepare(
      `INSERT INTO counter_counters (id, name, matterIds, createdAt) VALUES (@id, @name, @matterIds, @createdAt)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, matterIds = excluded.matterIds`,
    ),
    counterGet: db.prepare('SELECT * FROM counter_counters WHERE id = ?'),
    operatorUpsert: db.prepare(
      `INSERT INTO counter_operators (id, counterId, name, passwordHash, createdAt) VALUES (@id, @counterId, @name, @passwordHash, @createdAt)
       ON CONFLICT(id) DO UPDATE SET counterId = excluded.counterId, name = excluded.name, passwordHash = excluded.passwordHash`,
    ),
    operatorGet: db.prepare('SELECT * FROM counter_operators WHERE id = ?'),
    sessionInsert: db.prepare(
      'INSERT INTO counter_sessions (id, operatorId, counterId, createdAt, expiresAt, lastSeenAt, endedAt) VALUES (@id, @operatorId, @counterId, @createdAt, @expiresAt, @lastSeenAt, @endedAt)',
    ),
    sessionGet: db.prepare('SELECT * FROM counter_sessions WHERE id = ?'),
    sessionTouch: db.prepare('UPDATE counter_sessions SET lastSeenAt = ? WHERE id = ? AND endedAt IS NULL AND lastSeenAt < ?'),
    sessionEnd: db.prepare('UPDATE counter_sessions SET endedAt = ? WHERE id = ? AND endedAt IS NULL'),
    pairingInsert: db.prepare('INSERT INTO counter_pairings (id, counterId, operatorId, createdAt, expiresAt, usedAt, deviceNo) VALUES (@id, @counterId, @operatorId, @createdAt, @expiresAt, @usedAt, @deviceNo)'),
    pairingGet: db.prepare('SELECT * FROM counter_pairings WHERE id = ?'),
    pairingSpend: db.prepare('UPDATE counter_pairings SET usedAt = ?, deviceNo = ? WHERE id = ? AND usedAt IS NULL'),
    deviceInsert: db.prepare('INSERT INTO counter_devices (id, deviceNo, counterId, pairedAt, pairedBy, revokedAt, revokedBy) VALUES (@id, @deviceNo, @counterId, @pairedAt, @pairedBy, @revokedAt, @revokedBy)'),
    deviceGet: db.prepare('SELECT * FROM counter_devices WHERE id = ?'),
    devicesOfCounter: db.prepare('SELECT * FROM counter_devices WHERE counterId = ? ORDER BY pairedAt DESC, id DESC'),
    deviceRevoke: db.prepare('UPDATE counter_devices SET revokedAt = ?, revokedBy = ? WHERE id = ? AND revokedAt IS NULL'),
    throttleGet: db.prepare('SELECT * FROM counter_signin_throttles WHERE id = ?'),
    throttleInsert: db.prepare('INSERT OR IGNORE INTO counter_signin_throttles (id, windowStart, failures, lockedUntil, version) VALUES (@id, @windowStart, @failures, @lockedUntil, @version)'),
    throttleReplace: db.prepare(
      'UPDATE counter_signin_throttles SET windowStart = @windowStart, failures = @failures, lockedUntil = @lockedUntil, version = @version WHERE id = @id AND version = @expected',
    ),
    ticketInsert: db.prepare('INSERT INTO counter_tickets (id, counterId, operatorId, matterId, createdAt, expiresAt, usedAt, caseId) VALUES (@id, @counterId, @operatorId, @matterId, @createdAt, @expiresAt, @usedAt, @caseId)'),
    ticketGet: db.prepare('SELECT * FROM counter_tickets WHERE id = ?'),
    ticketSpend: db.prepare('UPDATE counter_tickets SET usedAt = ?, caseId = ? WHERE id = ? AND usedAt IS NULL'),
    ticketsOfCounter: db.prepare('SELECT * FROM counter_tickets WHERE counterId = ? ORDER BY createdAt DESC, id DESC LIMIT ?'),
    caseInsert: db.prepare('INSERT INTO counter_cases (id, holderId, counterId, agentId, createdAt, version, body) VALUES (@id, @holderId, @counterId, @agentId, @createdAt, @version, @body)'),
    caseListAgent: db.prepare('SELECT body FROM counter_cases WHERE agentId = ? ORDER BY createdAt DESC, id DESC LIMIT ?').pluck(),
    delegationInsert: db.prepare('INSERT INTO counter_delegations (id, holderId, agentRef, version, createdAt, body) VALUES (@id, @holderId, @agentRef, @version, @createdAt, @body)'),
    delegationGet: db.prepare('SELECT body FROM counter_delegations WHERE id = ?').pluck(),
    delegationsOfHolder: db.prepare('SELECT body FROM counter_delegations WHERE holderId = ? ORDER BY createdAt DESC, id DESC').pluck(),
    delegationsOfAgent: db.prepare('SELECT body FROM counter_delegations WHERE agentRef = ? ORDER BY createdAt DESC, id DESC').pluck(),
    delegationReplace: db.prepare('UPDATE counter_delegations SET version = @version, body = @body WHERE id = @id AND version = @expected'),
    caseListCounter: db.prepare('SELECT body FROM counter_cases WHERE counterId = ? ORDER BY createdAt DESC, id DESC LIMIT ?').pluck(),
    caseGet: db.prepare('SELECT body FROM counter_cases WHERE id = ?').pluck(),
    caseList: db.prepare('SELECT body FROM counter_cases WHERE holderId = ? ORDER BY createdAt DESC, id DESC LIMIT ?').pluck(),
    caseReplace: db.prepare('UPDATE counter_cases SET version = @version, body = @body WHERE id = @id AND version = @expected'),
  }
  const delegationOf = (body: unknown) => (body === undefined ? null : DelegationRecord.parse(JSON.parse(body as string)))
  const caseOf = (body: unknown) => (body === undefined ? null : CounterCaseRecord.parse(JSON.parse(body as string)))
  return {
    codes: {
      issue: async (c) => q.codeInsert.run(c).changes === 1,
      get: async (id) => parseRow(GovCodeRecord, q.codeGet.get(id)),
      spend: async (id, caseId, at) => q.codeSpend.run(at, caseId, id).changes === 1,
    },
    counters: {
      ensure: async (c) => void q.counterUpsert.run({ ...c, matterIds: JSON.stringify(c.matterIds) }),
      get: async (id) => parseRow(CounterRecord, q.counterGet.get(id)),
    },
    operators: {
      ensure: async (o) => void q.operatorUpsert.run(o),
      get: async (id) => parseRow(CounterOperatorRecord, q.operatorGet.get(id)),
    },
    sessions: {
      create: async (s) => void q.sessionInsert.run(s),
      get: async (id) => parseRow(CounterSessionRecord, q.sessionGet.get(id)),
      touch: async (id, at) => void q.sessionTouch.run(at, id, at),
      end: async (id, at) => q.sessionEnd.run(at, id).changes === 1,
    },
    pairings: {
      create: async (p) => void q.pairingInsert.run(p),
      get: async (id) => parseRow(KioskPairingRecord, q.pairingGet.get(id)),
      spend: async (id, deviceNo, at) => q.pairingSpend.run(at, deviceNo, id).changes === 1,
    },
    devices: {
      create: async (d) => void q.deviceInsert.run(d),
      get: async (id) => parseRow(KioskDeviceRecord, q.deviceGet.get(id)),
      listByCounter: async (counterId) => q.devicesOfCounter.all(counterId).map((r) => KioskDeviceRecord.parse(r)),
      revoke: async (id, by, at) => q.deviceRevoke.run(at, by, id).changes === 1,
    },
    throttles: {
      get: async (id) => parseRow(SignInThrottleRecord, q.throttleGet.get(id)),
      put: async (next, expected) =>
        (expected === null ? q.throttleInsert.run(next) : q.throttleReplace.run({ ...next, expected })).changes === 1,
    },
    tickets: {
      create: async (t) => void q.ticketInsert.run(t),
      get: async (id) => parseRow(CounterTicketRecord, q.ticketGet.get(id)),
      spend: async (id, caseId, at) => q.ticketSpend.run(at, caseId, id).changes === 1,
      listByCounter: async (counterId, limit) => q.ticketsOfCounter.all(counterId, limit).map((r) => CounterTicketRecord.parse(r)),
    },
    delegations: {
      create: async (d) => void q.delegationInsert.run({ id: d.id, holderId: d.holderId, agentRef: d.agentRef, version: d.version, createdAt: d.createdAt, body: JSON.stringify(d) }),
      get: async (id) => delegationOf(q.delegationGet.get(id)),
      listByHolder: async (holderId) => (q.delegationsOfHolder.all(holderId) as string[]).map((b) => delegationOf(b)!),
      listByAgentRef: async (agentRef) => (q.delegationsOfAgent.all(agentRef) as string[]).map((b) => delegationOf(b)!),
      replace: async (next, expected) => q.delegationReplace.run({ id: next.id, version: next.version, body: JSON.stringify(next), expected }).changes === 1,
    },
    cases: {
      create: async (c) => void q.caseInsert.run({ id: c.id, holderId: c.holderId, counterId: c.counterId, agentId: c.agentId, createdAt: c.createdAt, version: c.version, body: JSON.stringify(c) }),
      listByAgent: async (agentId, limit) => (q.caseListAgent.all(agentId, limit) as string[]).map((b) => caseOf(b)!),
      listByCounter: async (counterId, limit) => (q.caseListCounter.all(counterId, limit) as string[]).map((b) => caseOf(b)!),
      get: async (id) => caseOf(q.caseGet.get(id)),
      listByHolder: async (holderId, limit) => (q.caseList.all(holderId, limit) as string[]).map((b) => caseOf(b)!),
      replace: async (next, expected) => q.caseReplace.run({ id: next.id, version: next.version, body: JSON.stringify(next), expected }).changes === 1,
    },
  }
}
