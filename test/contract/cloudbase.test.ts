import { createCloudBaseStores, COLLECTIONS } from '../../cloudfunctions/adapters/cloudbase'
import type { Identity, Verification } from '../../cloudfunctions/ports/stores'
import { describeStoreContract } from './storeContract'
import { FakeDocDb } from './fakeDocDb'

// The shared Store contract, against the CloudBase adapter over an in-memory DocDb. This is the
// only place the adapter runs here: no CloudBase environment is reachable (docs/DEPLOY.md).
describeStoreContract('cloudbase (in-memory DocDb)', async () => createCloudBaseStores(new FakeDocDb()))
describeStoreContract('cloudbase (in-memory DocDb, throwOnCode: false)', async () =>
  createCloudBaseStores(new FakeDocDb({ throwOnCode: false })),
)

const identity: Identity = {
  id: 'idhash-1',
  nameCipher: 'c:name',
  idNumberCipher: 'c:no',
  currentSessionId: null,
  createdAt: 1,
  updatedAt: 1,
}
const verification: Verification = {
  verifyId: 'verify-0001',
  method: 'face',
  purpose: 'login',
  openid: 'o1',
  sessionId: null,
  identityId: 'idhash-1',
  outSeqNo: 'seq_00001',
  nameCipher: 'c:name',
  idNumberCipher: 'c:no',
  state: 'pending',
  createdAt: 1,
  expiresAt: 2,
  usedAt: null,
}

describe('cloudbase adapter: document shape', () => {
  it('stores entities under their id as _id, without repeating the id field', async () => {
    const db = new FakeDocDb()
    const stores = createCloudBaseStores(db)
    await stores.identities.ensure(identity)
    await stores.accounts.put({ openid: 'o1', defaultMethod: 'face', identityId: 'idhash-1', updatedAt: 3 })
    expect(db.collections.get(COLLECTIONS.identities)!.get('idhash-1')).toEqual({
      _id: 'idhash-1',
      nameCipher: 'c:name',
      idNumberCipher: 'c:no',
      currentSessionId: null,
      createdAt: 1,
      updatedAt: 1,
    })
    expect(db.collections.get(COLLECTIONS.accounts)!.get('o1')).not.toHaveProperty('openid')
  })

  it('strips _openid and unknown fields the database adds, and rejects malformed documents', async () => {
    const db = new FakeDocDb()
    const stores = createCloudBaseStores(db)
    await stores.verifications.create(verification)
    Object.assign(db.collections.get(COLLECTIONS.verifications)!.get('verify-0001')!, { _openid: 'x', extra: 1 })
    await expect(stores.verifications.get('verify-0001')).resolves.toEqual(verification)
    db.collections.get(COLLECTIONS.verifications)!.get('verify-0001')!.state = 'bogus'
    await expect(stores.verifications.get('verify-0001')).rejects.toThrow()
  })

  it('ensure returns the stored identity when a concurrent insert won', async () => {
    const stores = createCloudBaseStores(new FakeDocDb())
    const [a, b] = await Promise.all([
      stores.identities.ensure(identity),
      stores.identities.ensure({ ...identity, nameCipher: 'c:other', createdAt: 9 }),
    ])
    expect(a).toEqual(b)
  })

  it('markUsed: exactly one of many racing callers wins', async () => {
    const stores = createCloudBaseStores(new FakeDocDb())
    await stores.verifications.create(verification)
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => stores.verifications.markUsed('verify-0001', 10 + i)))
    expect(wins.filter(Boolean)).toHaveLength(1)
    await expect(stores.verifications.markUsed('missing', 1)).resolves.toBe(false)
  })

  it('passes through database errors other than duplicates', async () => {
    const db = new FakeDocDb()
    db.collection = () => {
      throw Object.assign(new Error('denied'), { code: 'DATABASE_PERMISSION_DENIED' })
    }
    await expect(createCloudBaseStores(db).identities.ensure(identity)).rejects.toThrow('denied')
  })
})
