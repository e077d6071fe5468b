import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { consistencyProof, inclusionProof, rootOf, verifyConsistency, verifyInclusion, type NodeLookup } from '../../cloudfunctions/domain/ledger/proofs'
import { MTH } from '../../cloudfunctions/domain/ledger/reference'
import type { AuthRequest, Consent, ConsentStores } from '../../cloudfunctions/ports/consentStores'
import { createOrReuseOpen } from '../../cloudfunctions/services/consent/openSlot'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'

type Harness = ConsentStores & { close?: () => void }

const leafText = (i: number) => encodeLeaf({ v: 1, consent: `c${i}`, action: 'grant', fields: fieldSetHash(['address']), actor: 'x'.repeat(32), at: 1000 + i })

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

    it('200 concurrent appends → 200 entries, indexes 0..199, root = reference, proofs verify', async () => {
      const texts = Array.from({ length: 200 }, (_, i) => leafText(i))
      const got = await Promise.all(texts.map((t) => s.ledger.append(t, toHex(leafHashOfText(t)), 5)))
      expect(got.map((g) => g.index).sort((a, b) => a - b)).toEqual(texts.map((_, i) => i))
      expect(await s.ledger.size()).toBe(200)
      // Log order is whatever the race decided: rebuild it from the entries and compare roots.
      const ordered: string[] = []
      for (let i = 0; i < 200; i++) ordered.push((await s.ledger.entry(i))!.leaf)
      expect(new Set(ordered).size).toBe(200)
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

    it('entries read back; an index past the head is absent', async () => {
      const t = leafText(1)
      expect(await s.ledger.size()).toBe(0)
      expect(await s.ledger.append(t, toHex(leafHashOfText(t)), 9)).toEqual({ index: 0 })
      expect(await s.ledger.entry(0)).toEqual({ index: 0, leaf: t, leafHash: toHex(leafHashOfText(t)), appendedAt: 9 })
      expect(await s.ledger.entry(1)).toBeNull()
      expect((await s.ledger.nodes(['0:0', '5:5'])).size).toBe(1)
    })

    it('entries page in index order below the head; the audit over the store is clean and matches the reference root', async () => {
      const texts = Array.from({ length: 37 }, (_, i) => leafText(i))
      for (const t of texts) await s.ledger.append(t, toHex(leafHashOfText(t)), 5)
      expect((await s.ledger.entries(0, 10)).map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect((await s.ledger.entries(30, 100)).map((e) => e.index)).toEqual([30, 31, 32, 33, 34, 35, 36])
      expect(await s.ledger.entries(36, 1)).toEqual([{ index: 36, leaf: texts[36], leafHash: toHex(leafHashOfText(texts[36])), appendedAt: 5 }])
      expect(await s.ledger.entries(37, 5)).toEqual([])
      const enc = new TextEncoder()
      const report = await auditLedger(s.ledger, { pageSize: 8 })
      expect(report).toMatchObject({ ok: true, size: 37, rootHash: toHex(MTH(texts.map((t) => enc.encode(t)))), checkpointSize: null })
    })

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
  })
}
