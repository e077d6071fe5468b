import fc from 'fast-check'
import { consentModelProperty, outcomes } from './consentModel'
import type { StoreKind } from './consentWorld'

/**
 * The consent request lifecycle, model-based (test/model/consentModel.ts has the
 * commands and invariants I1–I6): seeded random sequences, one jest file per store so each stays
 * short. CHAOS=1 runs many more and longer ones (`npm run chaos` more still).
 */
const chaos = process.env.CHAOS === '1'
const RUNS = chaos ? 1500 : 200
const MAX_COMMANDS = chaos ? 40 : 24
const SEED = 180_406

/** Outcomes the runs must reach, or the invariants were checked on sequences that never got there. */
const MUST_REACH = [
  'createRequest → ok', 'sign → ok', 'sign → NOT_RIGHTFUL_SIGNER', 'sign → GUARDIAN_REQUIRED', 'sign → ALREADY_SIGNED', 'sign → REQUEST_EXPIRED',
  'revoke → ok', 'revoke → CONSENT_NOT_FOUND', 'reauthorize → ok', 'reauthorize → CONSENT_SUPERSEDED', 'decline → ok', 'decline → SIGNER_SHOULD_SIGN',
  'read → ok', 'read → BIZ_READ_REFUSED', 'read → BIZ_UNAUTHORIZED', 'read → REQUEST_NOT_FOUND', 'form → ok', 'status → ok',
  'proof → ok', 'proof → CONSENT_NOT_FOUND', 'open → ok', 'open → REQUEST_NOT_RELATED', 'sign → REQUEST_NOT_RELATED', 'decline → REQUEST_NOT_RELATED', 'mine → ok',
]

export function describeConsentModel(kind: StoreKind): void {
  describe(`consent lifecycle model over ${kind}`, () => {
    it(`${RUNS} sequences of up to ${MAX_COMMANDS} steps keep every invariant after every step`, async () => {
      outcomes.clear()
      const started = performance.now()
      await fc.assert(consentModelProperty(kind, MAX_COMMANDS), { seed: SEED, numRuns: RUNS })
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      const seen = [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`)
      console.log(`consent model over ${kind}: ${RUNS} sequences in ${seconds} s (seed ${SEED})\n  ${seen.join('\n  ')}`)
      expect(MUST_REACH.filter((k) => !outcomes.has(k))).toEqual([])
    }, chaos ? 1_800_000 : 60_000)
  })
}
