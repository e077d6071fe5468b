/**
 * `npm run chaos`, printed, never asserted here (the fast subset in `npm test` asserts):
 * crash chaos, CHAOS_KILLS (default 5) SIGKILLs of the local cloud under load; then load chaos,
 * LOAD_SECONDS (default 30) at full speed with the server's memory before and after; then the
 * counter's model (issue 18), COUNTER_MODEL_RUNS sequences per store, which does stop on a broken
 * invariant. `npm run chaos -- counter` runs the counter model only.
 */
import { counterModelChaos } from './chaos/counterModel'
import { crashChaos } from './chaos/crash'
import { loadChaos } from './chaos/load'

async function main() {
  if (process.argv.includes('counter')) return counterModelChaos()
  const kills = Number(process.env.CHAOS_KILLS ?? 5)
  const r = await crashChaos({ kills, filers: 16, log: (s) => console.log(`  ${s}`) })
  console.log(`crash chaos: ${r.kills} kills with SIGKILL under load`)
  console.log(`  acknowledged: ${r.acknowledged.declarations} declarations, ${r.acknowledged.ledgerAppends} ledger appends (revoke / re-authorize), ${r.acknowledged.proxyBindings} proxy bindings`)
  console.log(`  acknowledged but missing: ${r.missing}   doubled: ${r.doubled}   declarants over 2 proxies: ${r.overLimitProxies}   ledger entries short: ${r.ledgerShort}   failed audits: ${r.auditFailures}`)
  console.log(`  restart times (ms): ${r.restartsMs.join(', ')}`)
  await loadChaos(Number(process.env.LOAD_SECONDS ?? 30))
  await counterModelChaos()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
