import { fromHex, toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { consistencyProof, inclusionProof, rootOf, verifyConsistency, verifyInclusion, type NodeLookup } from '../../cloudfunctions/domain/ledger/proofs'
import { MTH } from '../../cloudfunctions/domain/ledger/reference'
import type { AuthRequest, Consent, ConsentStores } from '../../cloudfunctions/ports/consentStores'
import { consentNotice, noticeHash, serviceNotice } from '../../cloudfunctions/domain/consent/notice'
import { createOrReuseOpen } from '../../cloudfunctions/services/consent/openSlot'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'

type Harness = ConsentStores & { close?: () => void }

const fromHexOrThrow = (h: string) => {
  const b = fromHex(h)
  if (!b) throw new Error(`not hex: ${h}`)
  return b
}

const leafText = (i: number) => encodeLeaf({ v: 1, consent: `c${i}`, action: 'grant', fields: fieldSetHash(['address']), actor: 'x'.repeat(32), at: 1000 + i })

/** The node keys an inclusion proof of `index` in a tree of `size` reads. */
function inclusionProofKeys(index: number, size: number): string[] {
  const keys: string[] = []
  try {
    inclusionProof(index, size, (l, i) => (keys.push(`${l}:${i}`), new Uint8Array(32)))
  } catch { /* placeholders may not satisfy every check */ }
  return keys
}

/** Fetches every node a proof needs from the store, then reruns with them (proofs.ts: record, fetch, rerun). */
async function withNodes<T>(stores: ConsentStores, run: (at: NodeLookup) => T): Promise<T> {
  const keys = new Set<string>()
  try {
    run((l, i) => (keys.add(`${l}:${i}`), new Uint8Array(32)))
  } catch { /* placeholders may not satisfy every check */ }
  const got = await stores.ledger.nodes([...keys])
  return run((l, i) => {
    const h = got.get(`${l}:${i}`)
    return h ? Buffer.from(h, 'hex') : undefined
  })
}

const request = (id: string): AuthRequest => ({
  id, systemId: 'sys', applicationType: '2025惠城区义务教育', evidence: '户籍双证学校（户口簿+房产）', studentRef: 'ref',
  applicantCipher: 'cipher', studentMasked: '**阳', createdAt: 1, expiresAt: 100, version: 1,
  parts: [{ key: 'household_register', fields: ['address'], status: 'pending', consentId: null, signerId: null, signerLabel: null, reason: null, updatedAt: 1 }],
})
const consent = (id: string, signerId: string, grantedAt: number): Consent => ({
  id, requestId: 'R1', systemId: 'sys', part: 'property', signerId, itemLabel: '**房', itemCipher: 'c', optionId: 'o', fields: ['address'],
  state: 'active', grantedAt, expiresAt: 100, revokedAt: null, grantIndex: 0, revokeIndex: null,
})

/** One contract every consent Store adapter passes (SQLite and the CloudBase document database). */
export function describeConsentStoreContract(name: string, open: () => Promise<Harness>) {
  describe(`consent stores: ${name}`, () => {
    let s: Harness
    beforeEach(async () => { s = await open() })
    afterEach(() => s.close?.())

    it('open-request slot: of 30 concurrent claims exactly one wins; a move needs the id it replaces', async () => {
      const wins = await Promise.all(Array.from({ length: 30 }, (_, i) => s.requests.claimOpenSlot('k1', `R${i}`)))
      expect(wins.filter(Boolean)).toHaveLength(1)
      const holder = `R${wins.indexOf(true)}`
      expect(await s.requests.openSlot('k1')).toBe(holder)
      expect(await s.requests.openSlot('k2')).toBeNull()
      const moves = await Promise.all(Array.from({ length: 10 }, (_, i) => s.requests.moveOpenSlot('k1', holder, `N${i}`)))
      expect(moves.filter(Boolean)).toHaveLength(1)
      expect(await s.requests.moveOpenSlot('k1', holder, 'late')).toBe(false)
      expect(await s.requests.openSlot('k1')).toBe(`N${moves.indexOf(true)}`)
    })

    it('identical requests at the same moment yield one open request; a complete or expired one makes way', async () => {
      let n = 0
      const o = (now: number) => ({ now: () => now, newCode: () => `C${String(n++).padStart(7, '0')}` })
      const got = await Promise.all(Array.from({ length: 12 }, () => createOrReuseOpen(s.requests, 'same', request(''), o(5))))
      expect(new Set(got.map((g) => g.request.id)).size).toBe(1)
      expect(got.filter((g) => !g.reused)).toHaveLength(1)
      // Past its expiry (expiresAt 100) the next identical request gets a new code.
      const later = await createOrReuseOpen(s.requests, 'same', request(''), o(200))
      expect([later.reused, later.request.id === got[0].request.id]).toEqual([false, false])
      expect(await s.requests.openSlot('same')).toBe(later.request.id)
    })

    /** Accepts `texts` (in order), then integrates until nothing is pending. */
    async function appendAll(texts: string[], at = 5) {
      for (const [i, t] of texts.entries()) await s.ledger.enqueue({ id: `p${String(i).padStart(5, '0')}`, leaf: t, leafHash: toHex(leafHashOfText(t)), at })
      while (await s.ledger.integrate(1000));
    }

    it('200 concurrent appends and 4 overlapping integrators (no lease) → 200 entries, each promise once, indexes 0..199, root = reference, proofs verify', async () => {
      const texts = Array.from({ length: 200 }, (_, i) => leafText(i))
      const ids = texts.map((_, i) => `r${i}`)
      await Promise.all(texts.map((t, i) => s.ledger.enqueue({ id: ids[i], leaf: t, leafHash: toHex(leafHashOfText(t)), at: 5 + (i % 7) })))
      expect((await s.ledger.oldestPending(1000)).length).toBe(200)
      const integrator = async () => { while (await s.ledger.integrate(37)); }
      await Promise.all([integrator(), integrator(), integrator(), integrator()])
      expect(await s.ledger.size()).toBe(200)
      expect(await s.ledger.oldestPending(10)).toEqual([])
      const states = await s.ledger.pending(ids)
      expect([...states.values()].map((p) => p.index).sort((a, b) => a! - b!)).toEqual(texts.map((_, i) => i))
      // Log order is whatever the batches decided: rebuild it from the entries and compare roots.
      const ordered: string[] = []
      for (let i = 0; i < 200; i++) ordered.push((await s.ledger.entry(i))!.leaf)
      expect(new Set(ordered).size).toBe(200)
      for (const [i, id] of ids.entries()) expect(ordered[states.get(id)!.index!]).toBe(texts[i])
      const enc = new TextEncoder()
      const root = await withNodes(s, (at) => rootOf(200, at))
      expect(toHex(root)).toBe(toHex(MTH(ordered.map((t) => enc.encode(t)))))
      for (const i of [0, 1, 77, 128, 199]) {
        const proof = await withNodes(s, (at) => inclusionProof(i, 200, at))
        expect(verifyInclusion(i, 200, leafHashOfText(ordered[i]), proof, root)).toEqual({ ok: true })
      }
      for (const m of [1, 3, 64, 100, 199]) {
        const root1 = await withNodes(s, (at) => rootOf(m, at))
        const proof = await withNodes(s, (at) => consistencyProof(m, 200, at))
        expect(verifyConsistency(m, 200, root1, root, proof)).toEqual({ ok: true })
      }
    }, 60_000)

    it('a pending entry: waiting (index null, its text kept), oldest first; integrated in batches of at most max, oldest first; unknown ids absent', async () => {
      const t = (i: number) => ({ id: `q${i}`, leaf: leafText(i), leafHash: toHex(leafHashOfText(leafText(i))), at: 100 - i })
      for (const i of [0, 1, 2]) await s.ledger.enqueue(t(i))
      expect(await s.ledger.integrate(0)).toMatchObject({ from: 0, size: 1, ids: ['q2'] })
      expect((await s.ledger.oldestPending(5)).map((p) => p.id)).toEqual(['q1', 'q0'])
      const st = await s.ledger.pending(['q0', 'q2', 'nope'])
      expect(st.get('q0')).toEqual({ leaf: leafText(0), leafHash: t(0).leafHash, at: 100, index: null })
      expect(st.get('q2')).toMatchObject({ index: 0, leafHash: t(2).leafHash })
      expect(st.has('nope')).toBe(false)
      const b = await s.ledger.integrate(1000)
      expect(b).toMatchObject({ from: 1, size: 3, ids: ['q1', 'q0'] })
      expect(b!.rootHash).toBe(toHex(MTH([2, 1, 0].map((i) => new TextEncoder().encode(leafText(i))))))
      expect(await s.ledger.integrate(1000)).toBeNull()
      // The same id twice is refused: a promise names one entry. (Compared as an outcome: a store's
      // own error class, better-sqlite3's for one, need not be an Error of jest's realm.)
      expect(await s.ledger.enqueue(t(0)).then(() => 'accepted', () => 'refused')).toBe('refused')
    })

    it('the integrator lease: one holder; its own renewal; taken over after expiry; released', async () => {
      expect(await s.ledger.lease('a', 1000, 2000)).toBe(true)
      expect(await s.ledger.lease('b', 1500, 2500)).toBe(false)
      expect(await s.ledger.lease('a', 1500, 3000)).toBe(true)
      expect(await s.ledger.lease('b', 2999, 4000)).toBe(false)
      const race = await Promise.all(['b', 'c', 'd'].map((o) => s.ledger.lease(o, 3000, 9000)))
      expect(race.filter(Boolean)).toHaveLength(1)
      const winner = ['b', 'c', 'd'][race.indexOf(true)]
      await s.ledger.release('a') // not a's any more: nothing happens
      expect(await s.ledger.lease('a', 3001, 9000)).toBe(false)
      await s.ledger.release(winner)
      expect(await s.ledger.lease('a', 3002, 9000)).toBe(true)
    })

    it('entries read back; an index past the head is absent', async () => {
      const t = leafText(1)
      expect(await s.ledger.size()).toBe(0)
      await s.ledger.enqueue({ id: 'e1', leaf: t, leafHash: toHex(leafHashOfText(t)), at: 9 })
      expect(await s.ledger.entry(0)).toBeNull()
      expect(await s.ledger.integrate(1000)).toMatchObject({ from: 0, size: 1 })
      expect(await s.ledger.entry(0)).toEqual({ index: 0, leaf: t, leafHash: toHex(leafHashOfText(t)), appendedAt: 9 })
      expect(await s.ledger.entry(1)).toBeNull()
      expect((await s.ledger.nodes(['0:0', '5:5'])).size).toBe(1)
    })

    it('entries page in index order below the head; the audit over the store is clean and matches the reference root', async () => {
      const texts = Array.from({ length: 37 }, (_, i) => leafText(i))
      await appendAll(texts)
      expect((await s.ledger.entries(0, 10)).map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect((await s.ledger.entries(30, 100)).map((e) => e.index)).toEqual([30, 31, 32, 33, 34, 35, 36])
      expect(await s.ledger.entries(36, 1)).toEqual([{ index: 36, leaf: texts[36], leafHash: toHex(leafHashOfText(texts[36])), appendedAt: 5 }])
      expect(await s.ledger.entries(37, 5)).toEqual([])
      const enc = new TextEncoder()
      const report = await auditLedger(s.ledger, { pageSize: 8 })
      expect(report).toMatchObject({ ok: true, size: 37, rootHash: toHex(MTH(texts.map((t) => enc.encode(t)))), checkpointSize: null })
    })

    it('entries and nodes read at a size the head reached (atSize) stay what they were at that size after the tree grows past tile and bundle edges', async () => {
      const texts = Array.from({ length: 600 }, (_, i) => leafText(i))
      for (const [i, t] of texts.entries()) await s.ledger.enqueue({ id: `a${String(i).padStart(5, '0')}`, leaf: t, leafHash: toHex(leafHashOfText(t)), at: 5 })
      const keysAt = (size: number) => inclusionProofKeys(size - 1, size).concat(inclusionProofKeys(0, size))
      const seen: Array<{ size: number; entries: unknown; nodes: Map<string, string> }> = []
      for (const max of [3, 2, 251, 1, 300, 43]) {
        await s.ledger.integrate(max)
        const size = await s.ledger.size()
        seen.push({ size, entries: await s.ledger.entries(0, 1000), nodes: await s.ledger.nodes(keysAt(size)) })
      }
      expect(seen.map((x) => x.size)).toEqual([3, 5, 256, 257, 557, 600])
      for (const { size, entries, nodes } of seen) {
        expect(await s.ledger.entries(0, 1000, size)).toEqual(entries)
        expect((await s.ledger.entries(0, 1000, size)).length).toBe(size)
        expect(await s.ledger.nodes(keysAt(size), size)).toEqual(nodes)
        expect(nodes.size).toBe(new Set(keysAt(size)).size)
      }
    })

    it('a tree grown batch by batch across tile and bundle edges (1,300 entries in uneven batches) keeps every node and entry', async () => {
      const texts = Array.from({ length: 1300 }, (_, i) => leafText(i))
      for (const [i, t] of texts.entries()) await s.ledger.enqueue({ id: `g${String(i).padStart(5, '0')}`, leaf: t, leafHash: toHex(leafHashOfText(t)), at: 5 })
      for (const max of [1, 255, 1, 300, 511, 1000]) await s.ledger.integrate(max)
      expect(await s.ledger.size()).toBe(1300)
      const enc = new TextEncoder()
      const report = await auditLedger(s.ledger, { pageSize: 1000 })
      expect(report).toMatchObject({ ok: true, size: 1300, rootHash: toHex(MTH(texts.map((t) => enc.encode(t)))) })
      const root = fromHexOrThrow(report.ok ? report.rootHash : '')
      for (const i of [0, 255, 256, 511, 768, 1299]) {
        const proof = await withNodes(s, (at) => inclusionProof(i, 1300, at))
        expect(verifyInclusion(i, 1300, leafHashOfText(texts[i]), proof, root)).toEqual({ ok: true })
      }
      for (const m of [1, 256, 257, 1024]) {
        const root1 = await withNodes(s, (at) => rootOf(m, at))
        expect(toHex(root1)).toBe(toHex(MTH(texts.slice(0, m).map((t) => enc.encode(t)))))
      }
    }, 60_000)

    it('the kept checkpoint only moves forward, atomically: of concurrent signers the largest tree stays', async () => {
      const cp = (size: number, timestamp: number, rootHash = 'ab'.repeat(32)) => ({ size, rootHash, timestamp, note: `note ${size} ${timestamp}` })
      expect(await s.ledger.lastCheckpoint()).toBeNull()
      const sizes = Array.from({ length: 20 }, (_, i) => (i * 7) % 20)
      await Promise.all(sizes.map((n) => s.ledger.recordCheckpoint(cp(n, 100 + n, `${(n % 10)}`.repeat(64)))))
      expect(await s.ledger.lastCheckpoint()).toEqual(cp(19, 119, '9'.repeat(64)))
      expect(await s.ledger.recordCheckpoint(cp(18, 500))).toBe(false)
      // The same tree with another root is refused (a fork); with the same root it refreshes.
      expect(await s.ledger.recordCheckpoint(cp(19, 600, 'cd'.repeat(32)))).toBe(false)
      expect(await s.ledger.recordCheckpoint(cp(19, 700, '9'.repeat(64)))).toBe(true)
      expect(await s.ledger.recordCheckpoint(cp(25, 800))).toBe(true)
      expect(await s.ledger.lastCheckpoint()).toEqual(cp(25, 800))
    })

    it('business systems: ensure inserts, then updates the registration (a new key hash) and keeps createdAt', async () => {
      const sys = { id: 'sys', name: '入学报名系统', purpose: '入学', allowList: { property: ['address'] }, keyHash: 'h', createdAt: 1 }
      await s.systems.ensure(sys)
      expect(await s.systems.get('sys')).toEqual(sys)
      const changed = { ...sys, name: '新名称', allowList: { household_register: ['address'] }, keyHash: 'h2', createdAt: 2 }
      await s.systems.ensure(changed)
      expect(await s.systems.get('sys')).toEqual({ ...changed, createdAt: 1 })
      expect(await s.systems.get('nope')).toBeNull()
    })

    it('requests: create once by code; replace is compare-and-set on version', async () => {
      expect(await s.requests.create(request('R1'))).toBe(true)
      expect(await s.requests.create({ ...request('R1'), applicationType: 'other' })).toBe(false)
      const r = (await s.requests.get('R1'))!
      expect(r).toEqual(request('R1'))
      const next = { ...r, version: 2, parts: [{ ...r.parts[0], status: 'signed' as const, consentId: 'c1', signerId: 's', signerLabel: '**杰', updatedAt: 2 }] }
      const race = await Promise.all([s.requests.replace(next, 1), s.requests.replace({ ...next, parts: [{ ...next.parts[0], consentId: 'c2' }] }, 1)])
      expect(race.filter(Boolean)).toHaveLength(1)
      expect((await s.requests.get('R1'))!.version).toBe(2)
      expect(await s.requests.replace({ ...next, version: 3 }, 1)).toBe(false)
    })

    it('consents: listed by signer newest first; revoke happens once', async () => {
      await s.consents.create(consent('a', 'p1', 10))
      await s.consents.create(consent('b', 'p1', 20))
      await s.consents.create(consent('c', 'p2', 30))
      expect((await s.consents.listBySigner('p1')).map((c) => c.id)).toEqual(['b', 'a'])
      const race = await Promise.all([s.consents.revoke('a', 50), s.consents.revoke('a', 51)])
      expect(race.filter(Boolean)).toHaveLength(1)
      await s.consents.setRevokeIndex('a', 7)
      expect(await s.consents.get('a')).toMatchObject({ state: 'revoked', revokeIndex: 7 })
      expect(await s.consents.get('zzz')).toBeNull()
    })

    it('consents keep the hash of the 授权说明 they were agreed under (null when none)', async () => {
      await s.consents.create({ ...consent('n1', 'p1', 10), noticeHash: 'ab'.repeat(32) })
      await s.consents.create(consent('n0', 'p1', 11))
      expect((await s.consents.get('n1'))?.noticeHash).toBe('ab'.repeat(32))
      expect((await s.consents.get('n0'))?.noticeHash).toBeNull()
    })

    it('notices: content-addressed, idempotent under 20 concurrent puts; the first createdAt stays; read one or many by id', async () => {
      const a = consentNotice({ systemName: '学校招生报名系统', purpose: '入学报名资格审核', applicationType: '2025惠城区义务教育', evidence: '户籍（户口簿, 出生证）', credentials: [{ title: '居民户口簿', fields: ['户号'] }], expiresAtText: '2026-12-22 10:00' })
      const b = serviceNotice({ counterName: '惠城区政务服务中心3号窗口', matterName: '户口迁入（投靠父母）', credentials: [{ title: '居民户口簿', fields: ['户号'] }], grantMinutes: 60 })
      await Promise.all(Array.from({ length: 20 }, (_, i) => s.notices.put({ id: a.hash, text: a.text, createdAt: 100 + i })))
      await s.notices.put({ id: a.hash, text: a.text, createdAt: 999 })
      await s.notices.put({ id: b.hash, text: b.text, createdAt: 200 })
      const got = await s.notices.get(a.hash)
      expect(got).toMatchObject({ id: a.hash, text: a.text })
      expect(got!.createdAt).toBeLessThan(120)
      expect(noticeHash(got!.text)).toBe(a.hash)
      expect(await s.notices.get('cd'.repeat(32))).toBeNull()
      const many = await s.notices.many([a.hash, b.hash, 'cd'.repeat(32), a.hash])
      expect([...many.keys()].sort()).toEqual([a.hash, b.hash].sort())
      expect(many.get(b.hash)?.text).toBe(b.text)
      expect((await s.notices.many([])).size).toBe(0)
    })
  })
}
