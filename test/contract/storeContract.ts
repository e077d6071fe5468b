import type { Identity, Session, Stores, Verification } from '../../cloudfunctions/ports/stores'
import { describeSpaceStoreContract } from './spaceStoreContract'

/**
 * The behaviour every Stores adapter must show (ARCHITECTURE.md: limits are enforced by the store
 * atomically). Run it once per adapter: `describeStoreContract('sqlite', async () => open())`.
 */
type Made = Stores & { close?(): void | Promise<void> }

const identity = (over: Partial<Identity> = {}): Identity => ({
  id: 'identity-1',
  nameCipher: 'v1.name',
  idNumberCipher: 'v1.number',
  currentSessionId: null,
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over,
})

const session = (over: Partial<Session> = {}): Session => ({
  id: 'session-1',
  openid: 'openid-1',
  identityId: 'identity-1',
  createdAt: 2_000,
  verifiedAt: 2_000,
  lastSeenAt: 2_000,
  endedAt: null,
  ...over,
})

const verification = (over: Partial<Verification> = {}): Verification => ({
  verifyId: 'verify-00000001',
  method: 'face',
  purpose: 'login',
  openid: 'openid-1',
  sessionId: null,
  identityId: 'identity-1',
  outSeqNo: 'seq0000000001',
  nameCipher: 'v1.name',
  idNumberCipher: 'v1.number',
  state: 'pending',
  createdAt: 3_000,
  expiresAt: 9_000,
  usedAt: null,
  ...over,
})

export function describeStoreContract(name: string, make: () => Promise<Made>): void {
  // Same adapter, same factory: the space aggregates are part of the Stores port.
  describeSpaceStoreContract(name, make)
  describe(`Stores contract: ${name}`, () => {
    let stores: Made
    beforeEach(async () => {
      stores = await make()
    })
    afterEach(async () => {
      await stores.close?.()
    })

    it('accounts: get of a missing account is null; put then get round-trips; put replaces', async () => {
      await expect(stores.accounts.get('nobody')).resolves.toBeNull()
      const account = { openid: 'openid-1', defaultMethod: 'face' as const, identityId: null, updatedAt: 5 }
      await stores.accounts.put(account)
      await expect(stores.accounts.get('openid-1')).resolves.toEqual(account)
      const changed = { ...account, defaultMethod: 'wxpay' as const, identityId: 'identity-1', updatedAt: 6 }
      await stores.accounts.put(changed)
      await expect(stores.accounts.get('openid-1')).resolves.toEqual(changed)
    })

    it('identities: ensure creates once and returns the stored one afterwards', async () => {
      await expect(stores.identities.get('identity-1')).resolves.toBeNull()
      const first = await stores.identities.ensure(identity())
      expect(first).toEqual(identity())
      const second = await stores.identities.ensure(identity({ nameCipher: 'v1.other', createdAt: 9_999 }))
      expect(second).toEqual(identity())
      await expect(stores.identities.get('identity-1')).resolves.toEqual(identity())
    })

    it('identities: concurrent ensure calls agree on one stored identity', async () => {
      const all = await Promise.all(
        Array.from({ length: 10 }, (_, i) => stores.identities.ensure(identity({ nameCipher: `v1.n${i}` }))),
      )
      const stored = await stores.identities.get('identity-1')
      for (const got of all) expect(got).toEqual(stored)
    })

    it('identities: setCurrentSession replaces the live session; clearSessionIf is conditional', async () => {
      await stores.identities.ensure(identity())
      await stores.identities.setCurrentSession('identity-1', 'session-a', 10)
      expect(await stores.identities.get('identity-1')).toMatchObject({ currentSessionId: 'session-a', updatedAt: 10 })
      await stores.identities.setCurrentSession('identity-1', 'session-b', 11)
      // A logout from the older device must not end the newer login.
      await expect(stores.identities.clearSessionIf('identity-1', 'session-a', 12)).resolves.toBe(false)
      expect(await stores.identities.get('identity-1')).toMatchObject({ currentSessionId: 'session-b', updatedAt: 11 })
      await expect(stores.identities.clearSessionIf('identity-1', 'session-b', 13)).resolves.toBe(true)
      expect(await stores.identities.get('identity-1')).toMatchObject({ currentSessionId: null, updatedAt: 13 })
      await expect(stores.identities.clearSessionIf('identity-1', 'session-b', 14)).resolves.toBe(false)
      await expect(stores.identities.clearSessionIf('missing', 'session-b', 14)).resolves.toBe(false)
    })

    it('sessions: create, get, touch, markVerified, end', async () => {
      await expect(stores.sessions.get('session-1')).resolves.toBeNull()
      await stores.sessions.create(session())
      await expect(stores.sessions.get('session-1')).resolves.toEqual(session())
      await stores.sessions.touch('session-1', 2_500)
      await stores.sessions.markVerified('session-1', 2_600)
      // markVerified may also count as activity (lastSeenAt), so only its lower bound is fixed.
      const verified = await stores.sessions.get('session-1')
      expect(verified).toMatchObject({ ...session(), lastSeenAt: expect.any(Number), verifiedAt: 2_600 })
      expect(verified!.lastSeenAt).toBeGreaterThanOrEqual(2_500)
      await stores.sessions.end('session-1', 2_700)
      expect(await stores.sessions.get('session-1')).toEqual({ ...verified, endedAt: 2_700 })
    })

    it('sessions: each session is kept apart by id', async () => {
      await stores.sessions.create(session())
      await stores.sessions.create(session({ id: 'session-2', openid: 'openid-2' }))
      await stores.sessions.end('session-1', 2_100)
      expect(await stores.sessions.get('session-2')).toEqual(session({ id: 'session-2', openid: 'openid-2' }))
    })

    it('verifications: create then get round-trips, including reverify with a session id', async () => {
      await expect(stores.verifications.get('verify-00000001')).resolves.toBeNull()
      const v = verification({ method: 'wxpay', purpose: 'reverify', sessionId: 'session-1' })
      await stores.verifications.create(v)
      await expect(stores.verifications.get('verify-00000001')).resolves.toEqual(v)
    })

    it('verifications: markUsed succeeds exactly once under 20 concurrent calls', async () => {
      await stores.verifications.create(verification())
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stores.verifications.markUsed('verify-00000001', 4_000 + i)),
      )
      expect(wins.filter((w) => w === true)).toHaveLength(1)
      const stored = await stores.verifications.get('verify-00000001')
      expect(stored?.state).toBe('used')
      expect(stored?.usedAt).toBe(4_000 + wins.indexOf(true))
      await expect(stores.verifications.markUsed('verify-00000001', 5_000)).resolves.toBe(false)
      await expect(stores.verifications.markUsed('verify-missing', 5_000)).resolves.toBe(false)
    })
  })
}
