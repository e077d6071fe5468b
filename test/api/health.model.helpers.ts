import { runHealthModel } from '../../scripts/chaos/healthModel'

/**
 * The model-based test of the health proxy binding (scripts/chaos/healthModel.ts says
 * what it walks and checks), seeded so a failure replays: HEALTH_MODEL_SEED=<seed> walks another.
 * A few hundred short sequences per store in `npm test`; CHAOS=1 walks many more, `npm run chaos`
 * more still.
 */
export const RUNS = process.env.CHAOS ? 2000 : 150
export const SEED = Number(process.env.HEALTH_MODEL_SEED ?? 20261122)

export async function walk(kind: 'sqlite' | 'cloudbase') {
  const r = await runHealthModel({ kind, numRuns: RUNS, seed: SEED })
  // The walk did real work on both sides, so the invariants were checked against something.
  expect(r.ok).toBeGreaterThan(RUNS * 3)
  expect(Object.keys(r.codes)).toEqual(expect.arrayContaining(['PROXY_LIMIT', 'DECLARANT_MISMATCH', 'NOT_BOUND', 'NOT_A_MEMBER', 'NOT_COLLECTOR', 'EXPORT_JOB_TAKEN']))
}
