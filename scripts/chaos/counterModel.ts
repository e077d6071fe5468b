/**
 * The counter's model-based test (test/api/counterModel.ts) with many more sequences
 * than `npm test` runs: COUNTER_MODEL_RUNS (default 1,000) per store, SQLite and the CloudBase
 * fake, from COUNTER_MODEL_SEED (default: a new one each time, printed so a failure replays in
 * jest with COUNTER_MODEL_SEED=<seed>). Throws on the first broken invariant or model mismatch.
 */
import { runCounterModel } from '../../test/api/counterModel'
import { STORE_KINDS } from '../../test/api/counterWorld'

export async function counterModelChaos(log: (s: string) => void = console.log): Promise<void> {
  const numRuns = Number(process.env.COUNTER_MODEL_RUNS ?? 1_000)
  const seed = Number(process.env.COUNTER_MODEL_SEED ?? Date.now() % 2 ** 31)
  for (const kind of STORE_KINDS) {
    const t = Date.now()
    const r = await runCounterModel({ kind, numRuns, seed, maxCommands: 40 })
    const count = (re: RegExp) => [...r.coverage].filter(([k]) => re.test(k)).reduce((n, [, v]) => n + v, 0)
    log(`counter model over ${kind}: ${r.runs} sequences, ${r.steps} commands, seed ${seed}, ${((Date.now() - t) / 1000).toFixed(1)} s — I1–I4 held`)
    log(`  successful reads ${count(/^(form|print|materials|archive):ok/)} (under a delegation ${count(/ok \(delegated\)$/)}), refused reads ${count(/^(form|print|materials|archive):(COUNTER_READ_REFUSED|DELEGATION_)/)}, answers refused for an ended/expired delegation ${count(/^answer:DELEGATION_/)}`)
  }
}
