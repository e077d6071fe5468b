import type { CounterStores } from '../../ports/counterStores'
import { CounterCaseRecord, CounterOperatorRecord, CounterRecord, CounterSessionRecord, CounterTicketRecord, DelegationRecord, GovCodeRecord, KioskDeviceRecord, KioskPairingRecord, SignInThrottleRecord } from '../counterSchemas'
import type { DocDb } from './docDb'
import { DocTable } from './docTable'

export const COUNTER_COLLECTIONS = {
  codes: 'counter_codes',
  counters: 'counter_counters',
  operators: 'counter_operators',
  sessions: 'counter_sessions',
  tickets: 'counter_tickets',
  delegations: 'counter_delegations',
  cases: 'counter_cases',
  pairings: 'counter_pairings',
  devices: 'counter_devices',
  throttles: 'counter_signin_throttles',
} as const

/**
 * Counter Store ports over the CloudBase document database (CLOUDBASE.md: atomic steps by document
 * id). A code is spent by a conditional update on its own document (`usedAt: null` → now), a case
 * moves by a conditional update on its version: of racing callers exactly one sees `updated === 1`.
 */
export function createCloudBaseCounterStores(db: DocDb, names: typeof COUNTER_COLLECTIONS = COUNTER_COLLECTIONS): CounterStores {
  const codes = new DocTable(db, names.codes, 'id', GovCodeRecord)
  const counters = new DocTable(db, names.counters, 'id', CounterRecord)
  const operators = new DocTable(db, names.operators, 'id', CounterOperatorRecord)
  const sessions = new DocTable(db, names.sessions, 'id', CounterSessionRecord)
  const cases = new DocTable(db, names.cases, 'id', CounterCaseRecord)
  const tickets = new DocTable(db, names.tickets, 'id', CounterTicketRecord)
  const delegations = new DocTable(db, names.delegations, 'id', DelegationRecord)
  const pairings = new DocTable(db, names.pairings, 'id', KioskPairingRecord)
  const devices = new DocTable(db, names.devices, 'id', KioskDeviceRecord)
  const throttles = new DocTable(db, names.throttles, 'id', SignInThrottleRecord)
  return {
    codes: {
      issue: (c) => codes.insertOnce(c),
      get: (id) => codes.get(id),
      spend: (id, caseId, at) => codes.patchIf(id, { usedAt: null }, { usedAt: at, caseId }),
    },
    counters: {
      ensure: async (c) => {
        const had = await counters.get(c.id)
        await counters.put(had ? { ...c, createdAt: had.createdAt } : c)
      },
      get: (id) => counters.get(id),
    },
    operators: {
      ensure: async (o) => {
        const had = await operators.get(o.id)
        await operators.put(had ? { ...o, createdAt: had.createdAt } : o)
      },
      get: (id) => operators.get(id),
    },
    sessions: {
      create: (s) => sessions.insert(s),
      get: (id) => sessions.get(id),
      // One unconditional field write: a late, smaller time may land after a newer one, which at
      // worst ends the idle window a minute early; it never revives an ended session.
      touch: async (id, at) => void (await sessions.patch(id, { lastSeenAt: at })),
      end: (id, at) => sessions.patchIf(id, { endedAt: null }, { endedAt: at }),
    },
    pairings: {
      create: (p) => pairings.insert(p),
      get: (id) => pairings.get(id),
      spend: (id, deviceNo, at) => pairings.patchIf(id, { usedAt: null }, { usedAt: at, deviceNo }),
    },
    devices: {
      create: (d) => devices.insert(d),
      get: (id) => devices.get(id),
      listByCounter: (counterId) => devices.list({ counterId }, { by: 'pairedAt', dir: 'desc' }),
      revoke: (id, by, at) => devices.patchIf(id, { revokedAt: null }, { revokedAt: at, revokedBy: by }),
    },
    throttles: {
      get: (id) => throttles.get(id),
      put: (next, expected) => {
        if (expected === null) return throttles.insertOnce(next)
        const { id, ...fields } = next
        return throttles.patchIf(id, { version: expected }, fields)
      },
    },
    tickets: {
      create: (t) => tickets.insert(t),
      get: (id) => tickets.get(id),
      spend: (id, caseId, at) => tickets.patchIf(id, { usedAt: null }, { usedAt: at, caseId }),
      listByCounter: (counterId, limit) => tickets.list({ counterId }, { by: 'createdAt', dir: 'desc' }, { offset: 0, limit }),
    },
    delegations: {
      create: (d) => delegations.insert(d),
      get: (id) => delegations.get(id),
      listByHolder: (holderId) => delegations.list({ holderId }, { by: 'createdAt', dir: 'desc' }),
      listByAgentRef: (agentRef) => delegations.list({ agentRef }, { by: 'createdAt', dir: 'desc' }),
      replace: (next, expected) => {
        const { id, ...fields } = next
        return delegations.patchIf(id, { version: expected }, fields)
      },
    },
    cases: {
      create: (c) => cases.insert(c),
      get: (id) => cases.get(id),
      listByHolder: (holderId, limit) => cases.list({ holderId }, { by: 'createdAt', dir: 'desc' }, { offset: 0, limit }),
      listByAgent: (agentId, limit) => cases.list({ agentId }, { by: 'createdAt', dir: 'desc' }, { offset: 0, limit }),
      listByCounter: (counterId, limit) => cases.list({ counterId }, { by: 'createdAt', dir: 'desc' }, { offset: 0, limit }),
      replace: (next, expected) => {
        const { id, ...fields } = next
        return cases.patchIf(id, { version: expected }, fields)
      },
    },
  }
}
