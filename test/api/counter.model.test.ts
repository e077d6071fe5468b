import { runCounterModel, timing } from './counterModel'
import { STORE_KINDS } from './counterWorld'

/**
 * The counter's model-based test (invariants I1–I4 in counterModel.ts), seeded so a
 * failure replays: 150 sequences of up to 30 steps per store in `npm test`, many more with CHAOS=1
 * (`npm run chaos` runs more again). COUNTER_MODEL_SEED replays another seed; COUNTER_MODEL_STRICT=0
 * checks the invariants only (to see which one a re-inserted hole breaks); COUNTER_MODEL_COVERAGE=1
 * prints the outcomes reached and the time per step.
 */
// Drawing a QR code costs ~80 ms inside jest's vm (qrcode's mask search), a third of the suite's
// time; the model reads codes by their digits and signed payload, never by the picture.
jest.mock('../../cloudfunctions/adapters/qr/qrDataUrl', () => ({ qrDataUrl: async () => 'data:image/png;base64,' }))

const chaos = process.env.CHAOS === '1'
const seed = Number(process.env.COUNTER_MODEL_SEED ?? 18_004)
const numRuns = chaos ? 2_000 : 150

describe.each(STORE_KINDS)('the counter against its model, over %s', (kind) => {
  it(`${numRuns} random sequences keep I1–I4 and the model's outcomes (seed ${seed})`, async () => {
    const r = await runCounterModel({ kind, numRuns, seed, maxCommands: 30, strict: process.env.COUNTER_MODEL_STRICT !== '0' })
    expect(r.runs).toBeGreaterThanOrEqual(numRuns)
    // The sequences must reach what the invariants are about, or passing says nothing.
    const count = (re: RegExp) => [...r.coverage].filter(([k]) => re.test(k)).reduce((n, [, v]) => n + v, 0)
    const reached = {
      reads: count(/^(form|print|materials|archive):ok/) >= 50,
      delegatedReads: count(/ok \(delegated\)$/) >= 10,
      readsRefusedEnded: count(/^(form|print|materials|archive):DELEGATION_ENDED/) >= 1,
      readsRefusedExpired: count(/^(form|print|materials|archive):DELEGATION_EXPIRED/) >= 1,
      answersRefusedDelegation: count(/^answer:DELEGATION_/) >= 1,
      kioskConfirms: count(/^kioskAnswer:ok/) >= 5,
      faceCases: count(/^claimTicket:ok/) >= 5,
      spentCodes: count(/^scan:CODE_USED/) >= 1,
      readsRefusedStaffGone: count(/^(form|print|materials|archive):COUNTER_UNAUTHORIZED/) >= 1,
      staffSignedOut: count(/^staffSignOut:ok/) >= 1,
      kioskRefusedUnpairedOrStaff: count(/^kioskAnswer:KIOSK_NOT_PAIRED/) >= 1,
      devicesUnpaired: count(/^unpairDevice:ok/) >= 1,
    }
    expect(reached).toEqual(Object.fromEntries(Object.keys(reached).map((k) => [k, true])))
    if (process.env.COUNTER_MODEL_COVERAGE) {
      console.log(`${kind}: outcomes\n${[...r.coverage].sort().map(([k, n]) => `${k} ${n}`).join('\n')}\nms per step kind\n${[...timing].map(([k, v]) => `${k} ${Math.round(v)}`).join('\n')}`)
    }
  }, chaos ? 3_600_000 : 120_000)
})
