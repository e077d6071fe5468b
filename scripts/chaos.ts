/**
 * `npm run chaos`, printed, never asserted here (the fast subsets in `npm test` assert). The parts,
 * all by default, or those named in CHAOS_PARTS (comma-separated):
 * - `crash`: CHAOS_KILLS (default 5) SIGKILLs of the local cloud under load;
 * - `integrator`: the ledger integrator killed mid-batch INTEGRATOR_KILLS times (default 200) on
 *   the CloudBase adapter while 50 appenders run (test/contract/ledgerIntegrator.crash.test.ts is
 *   its asserted, model-based form);
 * - `load`: LOAD_SECONDS (default 30) at full speed, with the server's memory before and after;
 * - `counter`: the counter's model, COUNTER_MODEL_RUNS sequences per store, stopping on a broken
 *   invariant (`npm run chaos -- counter` runs it alone);
 * - `health`: the health proxy-binding model, HEALTH_MODEL_RUNS (default 2000) sequences per store
 *   from HEALTH_MODEL_SEED (CHAOS_ONLY=health-model runs it alone);
 * - `consent`: the consent lifecycle model (test/model/consentModel.ts), CONSENT_MODEL_RUNS
 *   (default 1,000) sequences of up to 50 steps per store from CONSENT_MODEL_SEED.
 * Seeds default to the time and are printed, so a failure replays; a failed model sets exit code 1.
 */
import fc from 'fast-check'
import { consentModelProperty, outcomes } from '../test/model/consentModel'
import { counterModelChaos } from './chaos/counterModel'
import { crashChaos } from './chaos/crash'
import { runHealthModel } from './chaos/healthModel'
import { integratorChaos } from './chaos/ledgerIntegrator'
import { loadChaos } from './chaos/load'

const ALL = ['crash', 'integrator', 'load', 'counter', 'health', 'consent'] as const

async function crash() {
  const kills = Number(process.env.CHAOS_KILLS ?? 5)
  const r = await crashChaos({ kills, filers: 16, log: (s) => console.log(`  ${s}`) })
  console.log(`crash chaos: ${r.kills} kills with SIGKILL under load`)
  console.log(`  acknowledged: ${r.acknowledged.declarations} declarations, ${r.acknowledged.ledgerAppends} ledger appends (revoke / re-authorize), ${r.acknowledged.proxyBindings} proxy bindings`)
  console.log(`  acknowledged but missing: ${r.missing}   doubled: ${r.doubled}   declarants over 2 proxies: ${r.overLimitProxies}   ledger entries short: ${r.ledgerShort}   failed audits: ${r.auditFailures}`)
  console.log(`  restart times (ms): ${r.restartsMs.join(', ')}`)
}

async function healthModelChaos() {
  const numRuns = Number(process.env.HEALTH_MODEL_RUNS ?? 2000)
  const seed = Number(process.env.HEALTH_MODEL_SEED ?? Date.now() % 2 ** 31)
  for (const kind of ['sqlite', 'cloudbase'] as const) {
    const started = Date.now()
    const r = await runHealthModel({ kind, numRuns, seed })
    console.log(`health proxy-binding model over ${kind}: ${numRuns} sequences, seed ${seed}, ${r.steps} steps (${r.ok} done, ${r.refused} refused) in ${Math.round((Date.now() - started) / 1000)} s`)
    console.log(`  refusals: ${Object.entries(r.codes).sort(([, a], [, b]) => b - a).map(([c, n]) => `${c} ${n}`).join(', ')}`)
  }
}

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
  const named = process.argv.includes('counter') ? 'counter' : process.env.CHAOS_ONLY === 'health-model' ? 'health' : process.env.CHAOS_PARTS
  const parts = new Set(named ? named.split(',').map((s) => s.trim()) : ALL)
  if (parts.has('crash')) await crash()
  if (parts.has('integrator')) {
    const ic = await integratorChaos({ kills: Number(process.env.INTEGRATOR_KILLS ?? 200), appenders: 50 })
    console.log(`ledger integrator chaos (CloudBase adapter): ${ic.kills} integrators killed mid-batch while 50 appenders ran`)
    console.log(`  promised: ${ic.promised}   in the tree: ${ic.inTree}   promised but lost: ${ic.lost}   forks (in the tree twice): ${ic.doubled}   audit: ${ic.auditClean ? 'clean' : 'FAILED'}`)
  }
  if (parts.has('load')) await loadChaos(Number(process.env.LOAD_SECONDS ?? 30))
  if (parts.has('counter')) await counterModelChaos()
  if (parts.has('health')) await healthModelChaos()
  if (parts.has('consent')) await consentModelChaos(Number(process.env.CONSENT_MODEL_RUNS ?? 1000), Number(process.env.CONSENT_MODEL_SEED ?? Date.now() % 2 ** 31))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
