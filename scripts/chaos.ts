/**
 * `npm run chaos` (issue 12), printed, never asserted here (the fast subset in `npm test` asserts):
 * crash chaos, CHAOS_KILLS (default 5) SIGKILLs of the local cloud under load; then load chaos,
 * LOAD_SECONDS (default 30) at full speed with the server's memory before and after; then the
 * consent lifecycle model (issue 18, test/model/consentModel.ts), CONSENT_MODEL_RUNS (default
 * 1,000; about 5 min on SQLite and 3 min on CloudBase here) sequences of up to 50 steps per store,
 * seeded by CONSENT_MODEL_SEED (default: the time, printed, so a failure replays with
 * `CONSENT_MODEL_SEED=<seed>`). A failure sets exit code 1.
 * CHAOS_PARTS (default `crash,load,model`) picks which run.
 */
import fc from 'fast-check'
import { consentModelProperty, outcomes } from '../test/model/consentModel'
import { crashChaos } from './chaos/crash'
import { loadChaos } from './chaos/load'

async function consentModelChaos(runs: number, seed: number): Promise<void> {
  for (const kind of ['sqlite', 'cloudbase'] as const) {
    outcomes.clear()
    const started = performance.now()
    const r = await fc.check(consentModelProperty(kind, 50), { seed, numRuns: runs })
    const seconds = ((performance.now() - started) / 1000).toFixed(0)
    if (r.failed) {
      process.exitCode = 1
      console.log(`consent model over ${kind}: FAILED after ${r.numRuns} sequences (seed ${seed}, path ${r.counterexamplePath})`)
      console.log(`  ${String((r.errorInstance as Error | undefined)?.message ?? r.error).split('\n').join('\n  ')}`)
      continue
    }
    const steps = [...outcomes.values()].reduce((a, b) => a + b, 0)
    console.log(`consent model over ${kind}: ${runs} sequences, ${steps} checked steps, every invariant held (seed ${seed}, ${seconds} s)`)
  }
}

async function main() {
  // CHAOS_PARTS=model runs only the consent model (crash and load chaos take the machine for a while).
  const parts = new Set((process.env.CHAOS_PARTS ?? 'crash,load,model').split(','))
  if (parts.has('crash')) await crash()
  if (parts.has('load')) await loadChaos(Number(process.env.LOAD_SECONDS ?? 30))
  if (parts.has('model')) await consentModelChaos(Number(process.env.CONSENT_MODEL_RUNS ?? 1000), Number(process.env.CONSENT_MODEL_SEED ?? Date.now() % 2 ** 31))
}

async function crash() {
  const kills = Number(process.env.CHAOS_KILLS ?? 5)
  const r = await crashChaos({ kills, filers: 16, log: (s) => console.log(`  ${s}`) })
  console.log(`crash chaos: ${r.kills} kills with SIGKILL under load`)
  console.log(`  acknowledged: ${r.acknowledged.declarations} declarations, ${r.acknowledged.ledgerAppends} ledger appends (revoke / re-authorize), ${r.acknowledged.proxyBindings} proxy bindings`)
  console.log(`  acknowledged but missing: ${r.missing}   doubled: ${r.doubled}   declarants over 2 proxies: ${r.overLimitProxies}   ledger entries short: ${r.ledgerShort}   failed audits: ${r.auditFailures}`)
  console.log(`  restart times (ms): ${r.restartsMs.join(', ')}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
