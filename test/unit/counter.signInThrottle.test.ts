import fc from 'fast-check'
import { createCloudBaseCounterStores } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteCounterStores } from '../../cloudfunctions/adapters/sqlite'
import { afterFailure, lockedForMs, SIGNIN_LIMITS, waitMinutes } from '../../cloudfunctions/domain/counter/signInThrottle'
import { clientAddress } from '../../cloudfunctions/functions/httpAccess'
import type { CounterStores, SignInThrottle } from '../../cloudfunctions/ports/counterStores'
import type { CounterDeps } from '../../cloudfunctions/services/counter/counterDeps'
import { clearFailures, countFailure, requireNotLocked } from '../../cloudfunctions/services/counter/signInGuard'
import { FakeDocDb } from '../contract/fakeDocDb'

/** Wrong-password limits of counter sign-in (OWASP ASVS V2.2.1). */
const limit = SIGNIN_LIMITS.account
const MIN = 60_000

describe('the counter after each failure (domain)', () => {
  it('locks at the 5th failure within 15 minutes, for 15 minutes from then', () => {
    let t: SignInThrottle | null = null
    for (let i = 0; i < 4; i++) {
      t = afterFailure(t, 'k', 1000 + i * MIN, limit)
      expect(lockedForMs(t, 1000 + i * MIN)).toBe(0)
    }
    t = afterFailure(t, 'k', 1000 + 10 * MIN, limit)
    expect(t).toMatchObject({ failures: 5, windowStart: 1000, lockedUntil: 1000 + 25 * MIN, version: 5 })
    expect(lockedForMs(t, 1000 + 24 * MIN)).toBe(MIN)
    expect(lockedForMs(t, 1000 + 25 * MIN)).toBe(0)
  })

  it('a failure after the window starts a new one', () => {
    const old = { id: 'k', windowStart: 0, failures: 4, lockedUntil: 0, version: 4 }
    expect(afterFailure(old, 'k', 15 * MIN, limit)).toEqual({ id: 'k', windowStart: 15 * MIN, failures: 1, lockedUntil: 0, version: 5 })
  })

  it('the message rounds the wait up to whole minutes, at least one', () => {
    expect([waitMinutes(1), waitMinutes(MIN), waitMinutes(MIN + 1), waitMinutes(15 * MIN)]).toEqual([1, 1, 2, 15])
  })

  it('property: never locked with fewer than 5 failures in any 15 minutes; always locked right after the 5th', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 * MIN }), { minLength: 1, maxLength: 30 }), (gaps) => {
        let t: SignInThrottle | null = null
        let now = 0
        const times: number[] = []
        for (const gap of gaps) {
          now += gap
          // While locked the guard refuses before the password is checked: nothing is counted.
          if (lockedForMs(t, now) > 0) continue
          t = afterFailure(t, 'k', now, limit)
          times.push(now)
          const recent = times.filter((x) => x >= t!.windowStart)
          if (lockedForMs(t, now) > 0) expect(recent.length).toBeGreaterThanOrEqual(5)
          if (t.failures === 5) expect(lockedForMs(t, now)).toBe(15 * MIN)
          // A window never spans more than 15 minutes of counted failures.
          expect(now - t.windowStart).toBeLessThan(15 * MIN)
        }
      }),
      { seed: 18, numRuns: 300 },
    )
  })
})

const stores: Array<[string, () => { s: CounterStores; close: () => void }]> = [
  ['sqlite', () => { const base = openSqliteStores(':memory:'); return { s: sqliteCounterStores(base.db), close: () => base.close() } }],
  ['cloudbase fake', () => ({ s: createCloudBaseCounterStores(new FakeDocDb()), close: () => undefined })],
]

describe.each(stores)('the counter in the store (%s)', (_name, open) => {
  let now = 1_000_000
  const depsOf = (s: CounterStores) => ({ counter: s, clock: { now: () => now } }) as unknown as CounterDeps

  it('30 racing failures each count once', async () => {
    const { s, close } = open()
    const deps = depsOf(s)
    const outs = await Promise.all(Array.from({ length: 30 }, () => countFailure(deps, 'acct', limit)))
    expect(outs.map((o) => o.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect((await s.throttles.get('acct'))?.failures).toBe(30)
    close()
  })

  it('locked keys refuse with the wait; a right password clears an account, and an unlocked key costs no write', async () => {
    const { s, close } = open()
    const deps = depsOf(s)
    for (let i = 0; i < 5; i++) await countFailure(deps, 'acct', limit)
    await expect(requireNotLocked(deps, ['other', 'acct'])).rejects.toMatchObject({ code: 'COUNTER_SIGNIN_LOCKED', detail: '登录失败次数过多，请15分钟后再试' })
    now += 15 * MIN
    await expect(requireNotLocked(deps, ['acct'])).resolves.toBeUndefined()
    await clearFailures(deps, 'acct')
    expect((await s.throttles.get('acct'))?.failures).toBe(0)
    const puts = jest.spyOn(s.throttles, 'put')
    await clearFailures(deps, 'acct')
    await clearFailures(deps, 'never-failed')
    expect(puts).not.toHaveBeenCalled()
    close()
  })
})

describe('the client address of a deployed HTTP call', () => {
  it('the gateway’s source, else the last x-forwarded-for hop (earlier ones are the client’s word)', () => {
    expect(clientAddress({ requestContext: { sourceIp: '203.0.113.9' }, headers: { 'x-forwarded-for': '10.0.0.1' } })).toBe('203.0.113.9')
    expect(clientAddress({ headers: { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' } })).toBe('198.51.100.7')
    expect(clientAddress({ headers: {} })).toBeUndefined()
  })
})
