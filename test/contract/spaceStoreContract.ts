import type { AccessEvent, ChildLink, CredentialReport, HeldCredential, SpaceStores } from '../../cloudfunctions/ports/spaceStores'

/**
 * The space stores' behaviour every adapter must show (run from describeStoreContract, so SQLite
 * and CloudBase both do): ensure by deterministic id is idempotent under concurrency, lists only
 * ever return the asked person's records, access history lists newest first and pages.
 */
type Made = SpaceStores & { close?(): void | Promise<void> }

const cred = (over: Partial<HeldCredential> = {}): HeldCredential => ({
  id: 'holder-1:birth_certificate:abc',
  holderIdentityId: 'holder-1',
  type: 'birth_certificate',
  subjectKind: 'self',
  childLinkId: null,
  payloadCipher: 'v1.payload',
  claimedAt: 1_000,
  ...over,
})
const link = (over: Partial<ChildLink> = {}): ChildLink => ({
  id: 'link-1',
  parentIdentityId: 'holder-1',
  childIdentityId: 'child-1',
  birthCertificateId: 'holder-1:birth_certificate:abc',
  payloadCipher: 'v1.link',
  linkedAt: 2_000,
  wardClaimedAt: null,
  ...over,
})
const report = (over: Partial<CredentialReport> = {}): CredentialReport => ({
  id: 'report-1',
  holderIdentityId: 'holder-1',
  credentialId: 'holder-1:birth_certificate:abc',
  type: 'birth_certificate',
  fields: ['hospital', 'sex'],
  descriptionCipher: 'v1.desc',
  state: '已提交',
  createdAt: 3_000,
  updatedAt: 3_000,
  ...over,
})
const event = (at: number, over: Partial<AccessEvent> = {}): AccessEvent => ({
  id: `${String(at).padStart(15, '0')}-r${at}`,
  identityId: 'holder-1',
  at,
  actorKind: 'self',
  actorLabel: '**玲',
  operator: null,
  action: 'claim',
  credentialTypes: ['birth_certificate'],
  fields: [],
  noteCipher: null,
  ...over,
})

export function describeSpaceStoreContract(name: string, make: () => Promise<Made>): void {
  describe(`Space stores contract: ${name}`, () => {
    let stores: Made
    beforeEach(async () => {
      stores = await make()
    })
    afterEach(async () => {
      await stores.close?.()
    })

    it('credentials: ensure is idempotent (a retried claim keeps the first, adds nothing)', async () => {
      await expect(stores.credentials.get(cred().id)).resolves.toBeNull()
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => stores.credentials.ensure(cred({ payloadCipher: `v1.p${i}` }))))
      expect(results.filter((r) => r.created)).toHaveLength(1)
      const stored = await stores.credentials.get(cred().id)
      for (const r of results) expect(r.stored).toEqual(stored)
      await stores.credentials.ensure(cred({ id: 'holder-1:property:x', type: 'property', claimedAt: 1_500 }))
      await stores.credentials.ensure(cred({ id: 'holder-2:property:x', holderIdentityId: 'holder-2', type: 'property' }))
      const mine = await stores.credentials.listByHolder('holder-1')
      expect(mine.map((c) => c.id)).toEqual([cred().id, 'holder-1:property:x'])
    })

    it('credentials: ward credentials round-trip with their link', async () => {
      const ward = cred({ id: 'holder-1:id_card:w', type: 'id_card', subjectKind: 'ward', childLinkId: 'link-1' })
      await stores.credentials.ensure(ward)
      await expect(stores.credentials.get(ward.id)).resolves.toEqual(ward)
    })

    it('child links: ensure once, list by parent, markWardClaimed only the first time', async () => {
      expect((await stores.childLinks.ensure(link())).created).toBe(true)
      expect(await stores.childLinks.ensure(link({ payloadCipher: 'v1.other' }))).toEqual({ stored: link(), created: false })
      await stores.childLinks.ensure(link({ id: 'link-2', childIdentityId: 'child-2', linkedAt: 2_500 }))
      await stores.childLinks.ensure(link({ id: 'link-x', parentIdentityId: 'holder-2' }))
      expect((await stores.childLinks.listByParent('holder-1')).map((l) => l.id)).toEqual(['link-1', 'link-2'])
      const wins = await Promise.all([1, 2, 3].map((i) => stores.childLinks.markWardClaimed('link-1', 5_000 + i)))
      expect(wins.filter(Boolean)).toHaveLength(1)
      expect((await stores.childLinks.get('link-1'))?.wardClaimedAt).toBe(5_000 + wins.indexOf(true) + 1)
      await expect(stores.childLinks.markWardClaimed('missing', 1)).resolves.toBe(false)
    })

    it('reports: create then list by holder, newest first, arrays intact', async () => {
      await stores.reports.create(report())
      await stores.reports.create(report({ id: 'report-2', createdAt: 4_000, updatedAt: 4_000, state: '处理中' }))
      await stores.reports.create(report({ id: 'report-3', holderIdentityId: 'holder-2' }))
      const mine = await stores.reports.listByHolder('holder-1')
      expect(mine.map((r) => [r.id, r.state])).toEqual([['report-2', '处理中'], ['report-1', '已提交']])
      expect(mine[1]).toEqual(report())
    })

    it('access events: append-only, newest first by id, paged by offset, per person', async () => {
      for (const at of [10, 30, 20, 40]) await stores.accessEvents.append(event(at, { fields: [`f${at}`] }))
      await stores.accessEvents.append(event(50, { identityId: 'holder-2' }))
      const first = await stores.accessEvents.list('holder-1', { offset: 0, limit: 3 })
      expect(first.map((e) => e.at)).toEqual([40, 30, 20])
      expect(first[0]).toEqual(event(40, { fields: ['f40'] }))
      expect((await stores.accessEvents.list('holder-1', { offset: 3, limit: 3 })).map((e) => e.at)).toEqual([10])
      // Append-only: an id is written once. (Not `rejects.toThrow()`: better-sqlite3's error class
      // comes from whichever test file loaded the native module first, another realm's Error.)
      expect(await stores.accessEvents.append(event(40)).then(() => 'stored', () => 'refused')).toBe('refused')
    })
  })
}
