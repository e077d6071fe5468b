import type { CounterCase, CounterStores, GovCode } from '../../cloudfunctions/ports/counterStores'

type Harness = CounterStores & { close?: () => void }

const code = (id: string, identityId = 'p1'): GovCode => ({ id, identityId, issuedAt: 1000, expiresAt: 61_000, usedAt: null, caseId: null, delegationId: null })
const kase = (id: string, holderId: string, createdAt: number): CounterCase => ({
  id, counterId: 'c1', operatorId: 'op1', matterId: 'enrol-review', way: 'scan', holderId,
  offered: [{ credentialId: 'cred1', type: 'household_register' }], state: 'awaiting', createdAt, answerBy: createdAt + 300_000,
  answeredAt: null, grantExpiresAt: null, grantIndex: null, endIndex: null, agentId: null, delegationId: null, confirmBy: 'holder', archive: null, deviceLabel: null,
  grantRef: null, endRef: null, noticeHash: null, version: 1,
})

/** One contract every counter Store adapter passes (SQLite and the CloudBase document database). */
export function describeCounterStoreContract(name: string, open: () => Promise<Harness>) {
  describe(`counter stores: ${name}`, () => {
    let s: Harness
    beforeEach(async () => { s = await open() })
    afterEach(() => s.close?.())

    it('a code is issued once per number and reads back', async () => {
      expect(await s.codes.issue(code('123456789012'))).toBe(true)
      expect(await s.codes.issue(code('123456789012', 'p2'))).toBe(false)
      expect(await s.codes.get('123456789012')).toEqual(code('123456789012'))
      expect(await s.codes.get('000000000000')).toBeNull()
    })

    it('of 20 counters spending one code at once, exactly one wins and its case is recorded', async () => {
      await s.codes.issue(code('111122223333'))
      const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => s.codes.spend('111122223333', `case${i}`, 5000)))
      expect(wins.filter(Boolean)).toHaveLength(1)
      const stored = await s.codes.get('111122223333')
      expect(stored?.usedAt).toBe(5000)
      expect(stored?.caseId).toBe(`case${wins.indexOf(true)}`)
      expect(await s.codes.spend('111122223333', 'late', 6000)).toBe(false)
    })

    it('counters and operators are upserted, keeping when they were created', async () => {
      await s.counters.ensure({ id: 'c1', name: '窗口一', matterIds: ['enrol-review'], createdAt: 1 })
      await s.counters.ensure({ id: 'c1', name: '窗口一号', matterIds: ['enrol-review', 'household-settle'], createdAt: 9 })
      expect(await s.counters.get('c1')).toEqual({ id: 'c1', name: '窗口一号', matterIds: ['enrol-review', 'household-settle'], createdAt: 1 })
      await s.operators.ensure({ id: 'op1', counterId: 'c1', name: '李**', passwordHash: 'a:b', createdAt: 1 })
      await s.operators.ensure({ id: 'op1', counterId: 'c1', name: '李**', passwordHash: 'c:d', createdAt: 5 })
      expect(await s.operators.get('op1')).toEqual({ id: 'op1', counterId: 'c1', name: '李**', passwordHash: 'c:d', createdAt: 1 })
      expect(await s.operators.get('nobody')).toBeNull()
    })

    it('a 刷脸办 ticket is spent by exactly one of many holders', async () => {
      const t = { id: 'tk_abcdefgh', counterId: 'c1', operatorId: 'op1', matterId: 'enrol-review', createdAt: 1, expiresAt: 180_001, usedAt: null, caseId: null }
      await s.tickets.create(t)
      expect(await s.tickets.get(t.id)).toEqual(t)
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => s.tickets.spend(t.id, `case${i}`, 50)))
      expect(wins.filter(Boolean)).toHaveLength(1)
      expect(await s.tickets.get(t.id)).toMatchObject({ usedAt: 50, caseId: `case${wins.indexOf(true)}` })
      expect(await s.tickets.get('tk_missing')).toBeNull()
    })

    it('delegations list by holder and by agent, newest first, and move by compare-and-set; cases list by agent', async () => {
      const d = (id: string, holderId: string, agentRef: string, createdAt: number) => ({
        id, holderId, agentRef, agentNameCipher: 'c', agentMasked: '**杰', matterId: 'enrol-review', confirmBy: 'holder' as const,
        state: 'offered' as const, createdAt, expiresAt: createdAt + 1000, acceptedAt: null, endedAt: null, agentId: null, version: 1,
      })
      await s.delegations.create(d('d1', 'p1', 'a1', 10))
      await s.delegations.create(d('d2', 'p1', 'a2', 20))
      await s.delegations.create(d('d3', 'p2', 'a1', 30))
      expect((await s.delegations.listByHolder('p1')).map((x) => x.id)).toEqual(['d2', 'd1'])
      expect((await s.delegations.listByAgentRef('a1')).map((x) => x.id)).toEqual(['d3', 'd1'])
      const base = (await s.delegations.get('d1'))!
      expect(base).toEqual(d('d1', 'p1', 'a1', 10))
      const [x, y] = await Promise.all([
        s.delegations.replace({ ...base, state: 'accepted', agentId: 'agent1', acceptedAt: 15, version: 2 }, 1),
        s.delegations.replace({ ...base, state: 'ended', endedAt: 15, version: 2 }, 1),
      ])
      expect([x, y].filter(Boolean)).toHaveLength(1)
      await s.cases.create({ ...kase('ka', 'p1', 500), agentId: 'agent1', delegationId: 'd1', confirmBy: 'agent' })
      const byAgent = await s.cases.listByAgent('agent1', 5)
      expect(byAgent.map((c) => [c.id, c.delegationId, c.confirmBy])).toEqual([['ka', 'd1', 'agent']])
    })

    it('sessions read back by id', async () => {
      await s.sessions.create({ id: 'h1', operatorId: 'op1', counterId: 'c1', createdAt: 1, expiresAt: 2, lastSeenAt: 1, endedAt: null })
      expect(await s.sessions.get('h1')).toEqual({ id: 'h1', operatorId: 'op1', counterId: 'c1', createdAt: 1, expiresAt: 2, lastSeenAt: 1, endedAt: null })
      expect(await s.sessions.get('h2')).toBeNull()
    })

    it('a session is touched forward and ended once (退出): of racing sign-outs one ends it, and a touch never revives it', async () => {
      await s.sessions.create({ id: 'h1', operatorId: 'op1', counterId: 'c1', createdAt: 1000, expiresAt: 99_000, lastSeenAt: 1000, endedAt: null })
      await s.sessions.touch('h1', 5000)
      expect((await s.sessions.get('h1'))?.lastSeenAt).toBe(5000)
      const ends = await Promise.all(Array.from({ length: 8 }, (_, i) => s.sessions.end('h1', 6000 + i)))
      expect(ends.filter(Boolean)).toHaveLength(1)
      await s.sessions.touch('h1', 9000)
      const ended = (await s.sessions.get('h1'))!
      expect(ended.endedAt).toBe(6000 + ends.indexOf(true))
      expect(await s.sessions.end('h1', 10_000)).toBe(false)
      expect((await s.sessions.get('h1'))?.endedAt).toBe(ended.endedAt)
    })

    it('a 评价器 pairing code is spent by exactly one of many devices', async () => {
      const p = { id: 'ph1', counterId: 'c1', operatorId: 'op1', createdAt: 1, expiresAt: 300_001, usedAt: null, deviceNo: null }
      await s.pairings.create(p)
      expect(await s.pairings.get('ph1')).toEqual(p)
      const wins = await Promise.all(Array.from({ length: 12 }, (_, i) => s.pairings.spend('ph1', `PJQ-00000${i % 10}`, 50 + i)))
      expect(wins.filter(Boolean)).toHaveLength(1)
      const i = wins.indexOf(true)
      expect(await s.pairings.get('ph1')).toEqual({ ...p, usedAt: 50 + i, deviceNo: `PJQ-00000${i % 10}` })
      expect(await s.pairings.spend('ph1', 'PJQ-LATE00', 99)).toBe(false)
      expect(await s.pairings.get('nope')).toBeNull()
    })

    it('devices list by counter newest first and are revoked once; tickets list by counter newest first', async () => {
      const d = (id: string, deviceNo: string, counterId: string, pairedAt: number) => ({ id, deviceNo, counterId, pairedAt, pairedBy: 'op1', revokedAt: null, revokedBy: null })
      await s.devices.create(d('dh1', 'PJQ-AAAAAA', 'c1', 10))
      await s.devices.create(d('dh2', 'PJQ-BBBBBB', 'c1', 20))
      await s.devices.create(d('dh3', 'PJQ-CCCCCC', 'c2', 30))
      expect((await s.devices.listByCounter('c1')).map((x) => x.deviceNo)).toEqual(['PJQ-BBBBBB', 'PJQ-AAAAAA'])
      const revokes = await Promise.all([s.devices.revoke('dh1', 'op1', 40), s.devices.revoke('dh1', 'op2', 41)])
      expect(revokes.filter(Boolean)).toHaveLength(1)
      expect(await s.devices.get('dh1')).toMatchObject({ revokedAt: revokes[0] ? 40 : 41, revokedBy: revokes[0] ? 'op1' : 'op2' })
      expect(await s.devices.get('dh2')).toEqual(d('dh2', 'PJQ-BBBBBB', 'c1', 20))
      const t = (id: string, counterId: string, createdAt: number) => ({ id, counterId, operatorId: 'op1', matterId: 'enrol-review', createdAt, expiresAt: createdAt + 1000, usedAt: null, caseId: null })
      for (const x of [t('tk_aaaaaaaa', 'c1', 1), t('tk_bbbbbbbb', 'c1', 2), t('tk_cccccccc', 'c2', 3)]) await s.tickets.create(x)
      expect((await s.tickets.listByCounter('c1', 5)).map((x) => x.id)).toEqual(['tk_bbbbbbbb', 'tk_aaaaaaaa'])
      expect(await s.tickets.listByCounter('c1', 1)).toHaveLength(1)
    })

    it('a wrong-password counter is created once and moves by compare-and-set: of racing writers one wins each step', async () => {
      const t = { id: 'th1', windowStart: 100, failures: 1, lockedUntil: 0, version: 1 }
      const created = await Promise.all([s.throttles.put(t, null), s.throttles.put({ ...t, failures: 9 }, null)])
      expect(created.filter(Boolean)).toHaveLength(1)
      expect(await s.throttles.get('th1')).toEqual(created[0] ? t : { ...t, failures: 9 })
      const stored = (await s.throttles.get('th1'))!
      const moves = await Promise.all(Array.from({ length: 6 }, (_, i) => s.throttles.put({ ...stored, failures: stored.failures + 1, lockedUntil: i, version: 2 }, 1)))
      expect(moves.filter(Boolean)).toHaveLength(1)
      expect(await s.throttles.get('th1')).toEqual({ ...stored, failures: stored.failures + 1, lockedUntil: moves.indexOf(true), version: 2 })
      expect(await s.throttles.put({ ...stored, version: 3 }, 1)).toBe(false)
      expect(await s.throttles.get('none')).toBeNull()
    })

    it('cases list by holder newest first, and move by compare-and-set: one of two racing answers wins', async () => {
      await s.cases.create(kase('k1', 'p1', 100))
      await s.cases.create(kase('k2', 'p1', 200))
      await s.cases.create(kase('k3', 'p2', 300))
      expect((await s.cases.listByHolder('p1', 10)).map((c) => c.id)).toEqual(['k2', 'k1'])
      expect(await s.cases.listByHolder('p1', 1)).toHaveLength(1)
      await s.cases.create({ ...kase('k4', 'p3', 400), counterId: 'c2' })
      expect((await s.cases.listByCounter('c1', 10)).map((c) => c.id)).toEqual(['k3', 'k2', 'k1'])
      expect((await s.cases.listByCounter('c2', 10)).map((c) => c.id)).toEqual(['k4'])
      const base = (await s.cases.get('k1'))!
      expect(base).toEqual(kase('k1', 'p1', 100))
      const confirm = { ...base, state: 'confirmed' as const, answeredAt: 150, grantExpiresAt: 9999, grantIndex: 3, version: 2 }
      const refuse = { ...base, state: 'refused' as const, answeredAt: 151, version: 2 }
      const [a, b] = await Promise.all([s.cases.replace(confirm, 1), s.cases.replace(refuse, 1)])
      expect([a, b].filter(Boolean)).toHaveLength(1)
      expect((await s.cases.get('k1'))?.state).toBe(a ? 'confirmed' : 'refused')
      // The 预归档 record round-trips.
      const now = (await s.cases.get('k1'))!
      const archive = { archivedAt: 200, operatorId: 'op1', materials: [{ type: 'household_register' as const, title: '居民户口簿', sha256: 'ab'.repeat(32) }] }
      expect(await s.cases.replace({ ...now, archive, version: 3 }, 2)).toBe(true)
      expect((await s.cases.get('k1'))?.archive).toEqual(archive)
      // The ledger's promise ids (index still null on CloudBase before integration) and the notice hash round-trip.
      const pending = { ...(await s.cases.get('k1'))!, grantIndex: null, grantRef: 'pr_grant', endRef: 'pr_end', noticeHash: 'cd'.repeat(32), version: 4 }
      expect(await s.cases.replace(pending, 3)).toBe(true)
      expect(await s.cases.get('k1')).toEqual(pending)
      // A case written before they were kept reads with them null.
      const { grantRef: _g, endRef: _e, noticeHash: _n, ...older } = kase('k5', 'p5', 500)
      await s.cases.create(older as CounterCase)
      expect(await s.cases.get('k5')).toEqual(kase('k5', 'p5', 500))
    })
  })
}
