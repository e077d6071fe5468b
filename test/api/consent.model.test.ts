import fc from 'fast-check'
import { consentModelProperty, outcomes } from '../model/consentModel'

// The QR image of each new request is not what this test is about, and drawing it was half the run.
jest.mock('../../cloudfunctions/adapters/qr/qrDataUrl', () => ({ qrDataUrl: async () => 'data:image/png;base64,' }))

/**
 * The consent request lifecycle, model-based (issue 18; test/model/consentModel.ts has the
 * commands and invariants I1–I6): seeded random sequences over SQLite and over the CloudBase
 * stores on the in-memory DocDb. CHAOS=1 runs many more and longer ones (`npm run chaos` more still).
 */
const chaos = process.env.CHAOS === '1'
const RUNS = chaos ? 1500 : 200
const MAX_COMMANDS = chaos ? 40 : 20
const SEED = 180_406

/** Outcomes the runs must reach, or the invariants were checked on sequences that never got there. */
const MUST_REACH = [
  'createRequest → ok', 'sign → ok', 'sign → NOT_RIGHTFUL_SIGNER', 'sign → GUARDIAN_REQUIRED', 'sign → ALREADY_SIGNED', 'sign → REQUEST_EXPIRED',
  'revoke → ok', 'revoke → CONSENT_NOT_FOUND', 'reauthorize → ok', 'decline → ok', 'decline → SIGNER_SHOULD_SIGN',
  'read → ok', 'read → BIZ_READ_REFUSED', 'read → BIZ_UNAUTHORIZED', 'read → REQUEST_NOT_FOUND', 'form → ok', 'status → ok',
  'open → ok', 'open → REQUEST_NOT_RELATED', 'mine → ok',
]

describe.each(['sqlite', 'cloudbase'] as const)('consent lifecycle model over %s', (kind) => {
  it(`${RUNS} sequences of up to ${MAX_COMMANDS} steps keep every invariant after every step`, async () => {
    outcomes.clear()
    const started = performance.now()
    await fc.assert(consentModelProperty(kind, MAX_COMMANDS), { seed: SEED, numRuns: RUNS, endOnFailure: true })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const seen = [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`)
    console.log(`consent model over ${kind}: ${RUNS} sequences in ${seconds} s (seed ${SEED})\n  ${seen.join('\n  ')}`)
    expect(MUST_REACH.filter((k) => !outcomes.has(k))).toEqual([])
  }, chaos ? 1_800_000 : 60_000)
})
