import { isRecentlyVerified, needsTouch, sessionState, TOUCH_EVERY_MS } from '../../cloudfunctions/domain/session'
import { shanghaiYmd } from '../../cloudfunctions/domain/calendar'

const TTL = 72 * 3600_000
const facts = { sessionId: 's1', createdAt: 1_000, endedAt: null, currentSessionId: 's1' }

describe('sessionState', () => {
  it('is live while current, not ended and inside the ttl', () => {
    expect(sessionState(facts, 1_000 + TTL - 1, TTL)).toBe('live')
  })
  it('is expired at the ttl', () => {
    expect(sessionState(facts, 1_000 + TTL, TTL)).toBe('expired')
  })
  it('is replaced when the identity points at another session, even if also expired', () => {
    expect(sessionState({ ...facts, currentSessionId: 's2' }, 2_000, TTL)).toBe('replaced')
    expect(sessionState({ ...facts, currentSessionId: 's2' }, 1_000 + TTL * 2, TTL)).toBe('replaced')
  })
  it('is ended after logout or when the identity has no live session', () => {
    expect(sessionState({ ...facts, endedAt: 1_500 }, 2_000, TTL)).toBe('ended')
    expect(sessionState({ ...facts, currentSessionId: null }, 2_000, TTL)).toBe('ended')
  })
})

describe('isRecentlyVerified', () => {
  it('holds inside the window only', () => {
    expect(isRecentlyVerified(1_000, 1_000, 300_000)).toBe(true)
    expect(isRecentlyVerified(1_000, 300_999, 300_000)).toBe(true)
    expect(isRecentlyVerified(1_000, 301_000, 300_000)).toBe(false)
    // A verification "from the future" (clock skew, bad data) does not count.
    expect(isRecentlyVerified(5_000, 1_000, 300_000)).toBe(false)
  })
})

describe('shanghaiYmd', () => {
  it('uses the Shanghai date whatever the server zone', () => {
    expect(shanghaiYmd(Date.UTC(2026, 0, 31, 15, 59))).toBe('20260131')
    expect(shanghaiYmd(Date.UTC(2026, 0, 31, 16, 0))).toBe('20260201')
  })
})

describe('needsTouch', () => {
  it.each([
    [0, TOUCH_EVERY_MS - 1, false],
    [0, TOUCH_EVERY_MS, true],
    [5_000, 4_000, true], // a clock that went back: record the activity again
    [5_000, 5_000, false],
  ])('lastSeenAt %i, now %i → %s', (last, now, want) => {
    expect(needsTouch(last, now)).toBe(want)
  })
})
