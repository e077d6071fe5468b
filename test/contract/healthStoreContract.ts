import type { Binding, Declarant, HealthStores, Membership, Org, Submission } from '../../cloudfunctions/ports/healthStores'
import { healthIds } from '../../cloudfunctions/ports/healthStores'

/**
 * The health stores' behaviour every adapter must show (SQLite memory, SQLite file, CloudBase
 * over the in-memory DocDb): the 2-proxy limit under concurrency, idempotent submissions,
 * latest-wins, the day lock, membership and binding state changes, lists scoped by their key.
 */
type Made = HealthStores & { close?(): void | Promise<void> }

export const org = (over: Partial<Org> = {}): Org => ({
  id: 'org-1', name: '三年级二班', deadline: '22:00', frequency: 'daily', collectorIdentityId: 'teacher', collectorMaskedName: '**华', createdAt: 1, ...over,
})
const declarant = (over: Partial<Declarant> = {}): Declarant => ({
  id: 'decl-1', docType: 'birth_certificate', nameCipher: 'c:name', docNumberCipher: 'c:no', maskedName: '**涵', maskedDocNumber: 'Q4******56', createdAt: 1, ...over,
})
const member = (over: Partial<Membership> = {}): Membership => ({
  id: healthIds.membership('org-1', 'decl-1'), orgId: 'org-1', declarantId: 'decl-1', maskedName: '**涵', nameCipher: 'c:name', nameVerified: false,
  altNameCipher: null, altMaskedName: null, docType: 'birth_certificate', state: 'active', joinedAt: 5, leftAt: null, ...over,
})
const binding = (over: Partial<Binding> = {}): Binding => ({
  id: healthIds.binding('parent', 'decl-1'), filerIdentityId: 'parent', filerOpenid: 'o-parent', declarantId: 'decl-1', relation: 'proxy',
  state: 'active', createdAt: 5, removedAt: null, nameCipher: 'c:name', maskedName: '**涵', ...over,
})
const sub = (over: Partial<Submission> = {}): Submission => ({
  id: 'decl:org-1:decl-1:c1', orgId: 'org-1', declarantId: 'decl-1', day: '2026-11-22', clientId: 'c1', submittedAt: 100, late: false,
  filerIdentityId: 'parent', byCollector: false, formCipher: 'c:form', abnormal: [], ...over,
})

export function describeHealthStoreContract(name: string, make: () => Promise<Made>): void {
  describe(`Health stores contract: ${name}`, () => {
    let s: Made
    beforeEach(async () => {
      s = await make()
    })
    afterEach(async () => {
      await s.close?.()
    })

    it('20 concurrent proxy claims for one declarant: exactly 2 win; a holder claiming again holds', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.proxySlots.claim('decl-1', `proxy-${i}`, 2)))
      expect(results.filter((r) => r === 'claimed')).toHaveLength(2)
      expect(results.filter((r) => r === 'full')).toHaveLength(18)
      const holders = await s.proxySlots.holders('decl-1')
      expect(holders).toHaveLength(2)
      await expect(s.proxySlots.claim('decl-1', holders[0], 2)).resolves.toBe('holds')
      // Another declarant's slots are their own.
      await expect(s.proxySlots.claim('decl-2', 'proxy-19', 2)).resolves.toBe('claimed')
    })

    it('a released slot can be taken by a third proxy; releasing twice changes nothing', async () => {
      await s.proxySlots.claim('decl-1', 'a', 2)
      await s.proxySlots.claim('decl-1', 'b', 2)
      await expect(s.proxySlots.claim('decl-1', 'c', 2)).resolves.toBe('full')
      await expect(s.proxySlots.release('decl-1', 'a')).resolves.toBe(true)
      await expect(s.proxySlots.release('decl-1', 'a')).resolves.toBe(false)
      await expect(s.proxySlots.claim('decl-1', 'c', 2)).resolves.toBe('claimed')
      expect((await s.proxySlots.holders('decl-1')).sort()).toEqual(['b', 'c'])
    })

    it('records a submission once however often it is retried, concurrently or not', async () => {
      const outcomes = await Promise.all([1, 2, 3].map(() => s.submissions.record(sub(), { respectLock: true })))
      expect(outcomes.filter((o) => o.kind === 'stored' && o.created)).toHaveLength(1)
      expect(outcomes.every((o) => o.kind === 'stored' && o.stored.id === sub().id)).toBe(true)
      await expect(s.submissions.get(sub().id)).resolves.toEqual(sub())
      expect(await s.dayEntries.listByOrgDay('org-1', '2026-11-22')).toHaveLength(1)
    })

    it('latest wins whatever order submissions arrive in', async () => {
      await s.submissions.record(sub({ id: 's2', clientId: 'c2', submittedAt: 200, abnormal: ['temperature'] }), { respectLock: true })
      await s.submissions.record(sub({ id: 's1', clientId: 'c1', submittedAt: 100 }), { respectLock: true })
      expect(await s.dayEntries.get('org-1', '2026-11-22', 'decl-1')).toMatchObject({ submissionId: 's2', submittedAt: 200, abnormal: ['temperature'] })
      await s.submissions.record(sub({ id: 's3', clientId: 'c3', submittedAt: 300, late: true }), { respectLock: true })
      expect(await s.dayEntries.get('org-1', '2026-11-22', 'decl-1')).toMatchObject({ submissionId: 's3', late: true, abnormal: [] })
      expect(await s.dayEntries.listByOrgDay('org-1', '2026-11-21')).toEqual([])
      expect((await s.submissions.getMany(['s1', 's3', 'missing'])).map((x) => x.id)).toEqual(['s1', 's3'])
    })

    it('a locked day stores nothing new unless the lock is not respected (the collector)', async () => {
      const first = await s.dayLocks.lock({ id: healthIds.dayLock('org-1', '2026-11-22'), orgId: 'org-1', day: '2026-11-22', lockedAt: 50, lockedBy: 'teacher' })
      const again = await s.dayLocks.lock({ id: healthIds.dayLock('org-1', '2026-11-22'), orgId: 'org-1', day: '2026-11-22', lockedAt: 60, lockedBy: 'teacher' })
      expect([first.created, again.created, again.stored.lockedAt]).toEqual([true, false, 50])
      await expect(s.submissions.record(sub(), { respectLock: true })).resolves.toEqual({ kind: 'locked' })
      await expect(s.submissions.get(sub().id)).resolves.toBeNull()
      await expect(s.submissions.record(sub({ byCollector: true }), { respectLock: false })).resolves.toMatchObject({ kind: 'stored', created: true })
      expect((await s.dayLocks.listByOrg('org-1')).map((l) => l.day)).toEqual(['2026-11-22'])
      await expect(s.dayLocks.get('org-1', '2026-11-21')).resolves.toBeNull()
    })

    it('orgs, declarants and memberships: insert by id, leave and re-join once each', async () => {
      await s.orgs.create(org())
      await s.orgs.create(org({ id: 'org-2', collectorIdentityId: 'other' }))
      expect((await s.orgs.listByCollector('teacher')).map((o) => o.id)).toEqual(['org-1'])
      const d1 = await s.declarants.ensure(declarant())
      const d2 = await s.declarants.ensure(declarant({ nameCipher: 'c:other' }))
      expect([d1.created, d2.created, d2.stored.nameCipher]).toEqual([true, false, 'c:name'])
      await s.memberships.ensure(member())
      await s.memberships.ensure(member({ id: healthIds.membership('org-2', 'decl-1'), orgId: 'org-2' }))
      expect((await s.memberships.listByOrg('org-1')).map((m) => m.declarantId)).toEqual(['decl-1'])
      expect(await s.memberships.listByDeclarant('decl-1')).toHaveLength(2)
      const id = member().id
      expect([await s.memberships.leave(id, 9), await s.memberships.leave(id, 10)]).toEqual([true, false])
      expect(await s.memberships.get(id)).toMatchObject({ state: 'left', leftAt: 9 })
      expect([await s.memberships.rejoin(id, 11), await s.memberships.rejoin(id, 12)]).toEqual([true, false])
      expect(await s.memberships.get(id)).toMatchObject({ state: 'active', leftAt: null, joinedAt: 11 })
    })

    it('membership names: a differing typed name waits beside the name; the collector keeps or takes it; a verified name ends it', async () => {
      const id = member().id
      await s.memberships.ensure(member())
      await expect(s.memberships.flagOtherName(id, { altNameCipher: 'c:alt', altMaskedName: '**名' })).resolves.toBe(true)
      expect(await s.dayEntries.board('org-1', '2026-11-22')).toEqual([expect.objectContaining({ nameCipher: 'c:name', altNameCipher: 'c:alt' })])
      // A choice made on a conflict that has since changed writes nothing.
      await expect(s.memberships.resolveName(id, 'c:older', 'other')).resolves.toBe(false)
      await expect(s.memberships.resolveName(id, 'c:alt', 'other')).resolves.toBe(true)
      expect(await s.memberships.get(id)).toMatchObject({ nameCipher: 'c:alt', maskedName: '**名', altNameCipher: null, altMaskedName: null })
      await s.memberships.flagOtherName(id, { altNameCipher: 'c:third', altMaskedName: '**三' })
      await expect(s.memberships.resolveName(id, 'c:third', 'current')).resolves.toBe(true)
      expect(await s.memberships.get(id)).toMatchObject({ nameCipher: 'c:alt', maskedName: '**名', altNameCipher: null })
      await s.memberships.flagOtherName(id, { altNameCipher: 'c:fourth', altMaskedName: '**四' })
      await s.memberships.setVerifiedName(id, { nameCipher: 'c:true', maskedName: '**真' })
      expect(await s.memberships.get(id)).toMatchObject({ nameCipher: 'c:true', maskedName: '**真', nameVerified: true, altNameCipher: null })
      // Once verified, a typed name is the typist's own (their binding), never the org's.
      await expect(s.memberships.flagOtherName(id, { altNameCipher: 'c:typo', altMaskedName: '**错' })).resolves.toBe(false)
      expect(await s.memberships.get(id)).toMatchObject({ nameCipher: 'c:true', altNameCipher: null })
    })

    it('reach: a proxy reaches only the orgs they joined through; granting twice keeps the first', async () => {
      const r = { id: healthIds.reach('parent', 'org-1', 'decl-1'), filerIdentityId: 'parent', orgId: 'org-1', declarantId: 'decl-1', grantedAt: 5 }
      await s.reach.grant(r)
      await s.reach.grant({ ...r, grantedAt: 9 })
      await s.reach.grant({ ...r, id: healthIds.reach('parent', 'org-2', 'decl-2'), orgId: 'org-2', declarantId: 'decl-2' })
      expect([await s.reach.has('parent', 'org-1', 'decl-1'), await s.reach.has('parent', 'org-2', 'decl-1'), await s.reach.has('other', 'org-1', 'decl-1')]).toEqual([true, false, false])
      expect(await s.reach.listByOrg('org-1')).toEqual([r])
    })

    it('bindings carry the name their filer gave; re-activating takes the latest', async () => {
      await s.bindings.activate(binding())
      await s.bindings.activate(binding({ id: healthIds.binding('other', 'decl-1'), filerIdentityId: 'other', nameCipher: 'c:typo', maskedName: '**错' }))
      expect(await s.bindings.get(binding().id)).toMatchObject({ nameCipher: 'c:name', maskedName: '**涵' })
      await s.bindings.activate(binding({ nameCipher: 'c:fixed', maskedName: '**改' }))
      expect(await s.bindings.get(binding().id)).toMatchObject({ state: 'active', nameCipher: 'c:fixed', maskedName: '**改' })
      await s.bindings.remove(binding().id, 20)
      expect(await s.bindings.activate(binding({ nameCipher: 'c:again', maskedName: '**再', createdAt: 30 }))).toMatchObject({ state: 'active', nameCipher: 'c:again', createdAt: 30 })
    })

    it('bindings: activate is idempotent, remove once, re-activate after removal', async () => {
      await s.bindings.activate(binding())
      expect(await s.bindings.activate(binding({ createdAt: 99 }))).toMatchObject({ state: 'active', createdAt: 5 })
      await s.bindings.activate(binding({ id: healthIds.binding('other', 'decl-1'), filerIdentityId: 'other' }))
      expect((await s.bindings.listByFiler('parent')).map((b) => b.declarantId)).toEqual(['decl-1'])
      expect(await s.bindings.listByDeclarant('decl-1')).toHaveLength(2)
      expect([await s.bindings.remove(binding().id, 20), await s.bindings.remove(binding().id, 21)]).toEqual([true, false])
      expect(await s.bindings.get(binding().id)).toMatchObject({ state: 'removed', removedAt: 20 })
      expect(await s.bindings.activate(binding({ createdAt: 30 }))).toMatchObject({ state: 'active', removedAt: null, createdAt: 30 })
    })

    it('board: active members with the day\'s counted entry, nobody else', async () => {
      await s.memberships.ensure(member())
      await s.memberships.ensure(member({ id: healthIds.membership('org-1', 'decl-2'), declarantId: 'decl-2', maskedName: '**明', joinedAt: 6 }))
      await s.memberships.ensure(member({ id: healthIds.membership('org-1', 'decl-3'), declarantId: 'decl-3', state: 'left', leftAt: 7 }))
      await s.memberships.ensure(member({ id: healthIds.membership('org-2', 'decl-4'), orgId: 'org-2', declarantId: 'decl-4' }))
      await s.submissions.record(sub({ abnormal: ['temperature'], late: true }), { respectLock: true })
      await s.submissions.record(sub({ id: 'other-day', clientId: 'c9', declarantId: 'decl-2', day: '2026-11-21' }), { respectLock: true })
      expect(await s.dayEntries.board('org-1', '2026-11-22')).toEqual([
        { declarantId: 'decl-1', maskedName: '**涵', nameCipher: 'c:name', altNameCipher: null, docType: 'birth_certificate', joinedAt: 5, submittedAt: 100, submissionId: sub().id, late: true, abnormal: ['temperature'] },
        { declarantId: 'decl-2', maskedName: '**明', nameCipher: 'c:name', altNameCipher: null, docType: 'birth_certificate', joinedAt: 6, submittedAt: null, submissionId: null, late: false, abnormal: [] },
      ])
    })

    it('day reminders: the first creates the trace, each next one counts, the latest by time is named', async () => {
      await expect(s.dayReminders.get('org-1', '2026-11-22')).resolves.toBeNull()
      const first = await s.dayReminders.record({ orgId: 'org-1', day: '2026-11-22', at: 100, by: 'teacher', count: 3 })
      expect(first).toEqual({ id: healthIds.dayReminder('org-1', '2026-11-22'), orgId: 'org-1', day: '2026-11-22', lastAt: 100, lastBy: 'teacher', lastCount: 3, times: 1 })
      const second = await s.dayReminders.record({ orgId: 'org-1', day: '2026-11-22', at: 200, by: 'teacher-2', count: 1 })
      expect(second).toMatchObject({ lastAt: 200, lastBy: 'teacher-2', lastCount: 1, times: 2 })
      // One that finished later but was sent earlier counts, without replacing the latest.
      await s.dayReminders.record({ orgId: 'org-1', day: '2026-11-22', at: 150, by: 'teacher', count: 9 })
      await expect(s.dayReminders.get('org-1', '2026-11-22')).resolves.toMatchObject({ lastAt: 200, lastBy: 'teacher-2', lastCount: 1, times: 3 })
      // Another day and another org have their own trace.
      await expect(s.dayReminders.get('org-1', '2026-11-21')).resolves.toBeNull()
      await expect(s.dayReminders.get('org-2', '2026-11-22')).resolves.toBeNull()
    })

    it('day reminders: concurrent reminders of one day each count (2 → times 2, 10 more → 12)', async () => {
      await Promise.all([
        s.dayReminders.record({ orgId: 'org-1', day: '2026-11-22', at: 100, by: 'teacher', count: 2 }),
        s.dayReminders.record({ orgId: 'org-1', day: '2026-11-22', at: 101, by: 'teacher', count: 1 }),
      ])
      await expect(s.dayReminders.get('org-1', '2026-11-22')).resolves.toMatchObject({ lastAt: 101, lastCount: 1, times: 2 })
      await Promise.all(Array.from({ length: 10 }, (_, i) => s.dayReminders.record({ orgId: 'org-1', day: '2026-11-22', at: 110 + i, by: 'teacher', count: i })))
      await expect(s.dayReminders.get('org-1', '2026-11-22')).resolves.toMatchObject({ lastAt: 119, lastCount: 9, times: 12 })
    })

    it('export jobs: start, then progress replaces it; the owner may restart the same id', async () => {
      const job = { id: 'job-1', orgId: 'org-1', requestedBy: 'teacher', done: 0, total: 10, state: 'running' as const, updatedAt: 1 }
      await expect(s.exportJobs.start(job)).resolves.toBe(true)
      await s.exportJobs.progress({ ...job, done: 10, state: 'done', updatedAt: 2 })
      await expect(s.exportJobs.get('job-1')).resolves.toMatchObject({ done: 10, state: 'done' })
      await expect(s.exportJobs.start({ ...job, updatedAt: 3 })).resolves.toBe(true)
      await expect(s.exportJobs.get('job-1')).resolves.toEqual({ ...job, updatedAt: 3 })
      await expect(s.exportJobs.get('job-2')).resolves.toBeNull()
    })

    it('export jobs: an id another org or requester holds is refused and their row is left as it was', async () => {
      const job = { id: 'job-1', orgId: 'org-1', requestedBy: 'teacher', done: 4, total: 10, state: 'running' as const, updatedAt: 1 }
      await s.exportJobs.start(job)
      for (const foreign of [{ orgId: 'org-2', requestedBy: 'other' }, { orgId: 'org-2', requestedBy: 'teacher' }, { orgId: 'org-1', requestedBy: 'other' }]) {
        await expect(s.exportJobs.start({ ...job, ...foreign, done: 0, total: 0, updatedAt: 9 })).resolves.toBe(false)
        await s.exportJobs.progress({ ...job, ...foreign, done: 99, state: 'failed', updatedAt: 9 })
      }
      await expect(s.exportJobs.get('job-1')).resolves.toEqual(job)
    })

    it('lists more than one page (CloudBase returns 1,000 at most per get)', async () => {
      for (let i = 0; i < 1205; i++) {
        await s.memberships.ensure(member({ id: `org-1:d${i}`, declarantId: `d${i}`, joinedAt: i }))
      }
      expect(await s.memberships.listByOrg('org-1')).toHaveLength(1205)
    })
  })
}
