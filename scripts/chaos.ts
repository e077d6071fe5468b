/**
 * `npm run chaos`, printed, never asserted here (the fast subset in `npm test` asserts):
 * crash chaos, CHAOS_KILLS (default 5) SIGKILLs of the local cloud under load; then load chaos,
 * LOAD_SECONDS (default 30) at full speed with the server's memory before and after; then the
 * counter's model, COUNTER_MODEL_RUNS sequences per store, which does stop on a broken
 * invariant (`npm run chaos -- counter` runs the counter model only); then the health
 * proxy-binding model, HEALTH_MODEL_RUNS (default 2000) random sequences per
 * store from HEALTH_MODEL_SEED (default: the time, printed so a failure replays), which throws
 * fast-check's report (seed, path, shrunk sequence, broken invariant) on the first failure.
 */
import { counterModelChaos } from './chaos/counterModel'
import { crashChaos } from './chaos/crash'
import { runHealthModel } from './chaos/healthModel'
import { loadChaos } from './chaos/load'

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

async function main() {
  if (process.argv.includes('counter')) return counterModelChaos()
  if (process.env.CHAOS_ONLY === 'health-model') return healthModelChaos()
  const kills = Number(process.env.CHAOS_KILLS ?? 5)
  const r = await crashChaos({ kills, filers: 16, log: (s) => console.log(`  ${s}`) })
  console.log(`crash chaos: ${r.kills} kills with SIGKILL under load`)
  console.log(`  acknowledged: ${r.acknowledged.declarations} declarations, ${r.acknowledged.ledgerAppends} ledger appends (revoke / re-authorize), ${r.acknowledged.proxyBindings} proxy bindings`)
  console.log(`  acknowledged but missing: ${r.missing}   doubled: ${r.doubled}   declarants over 2 proxies: ${r.overLimitProxies}   ledger entries short: ${r.ledgerShort}   failed audits: ${r.auditFailures}`)
  console.log(`  restart times (ms): ${r.restartsMs.join(', ')}`)
  await loadChaos(Number(process.env.LOAD_SECONDS ?? 30))
  await counterModelChaos()
  await healthModelChaos()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
