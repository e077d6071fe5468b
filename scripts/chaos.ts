/**
 * `npm run chaos` (issue 12), printed, never asserted here (the fast subset in `npm test` asserts):
 * crash chaos, CHAOS_KILLS (default 5) SIGKILLs of the local cloud under load; the ledger
 * integrator killed mid-batch INTEGRATOR_KILLS times (default 200) on the CloudBase adapter while
 * appenders run (test/contract/ledgerIntegrator.crash.test.ts is its asserted, model-based form);
 * then load chaos, LOAD_SECONDS (default 30) at full speed with the server's memory before and after.
 */
import { crashChaos } from './chaos/crash'
import { integratorChaos } from './chaos/ledgerIntegrator'
import { loadChaos } from './chaos/load'

async function main() {
  const kills = Number(process.env.CHAOS_KILLS ?? 5)
  const r = await crashChaos({ kills, filers: 16, log: (s) => console.log(`  ${s}`) })
  console.log(`crash chaos: ${r.kills} kills with SIGKILL under load`)
  console.log(`  acknowledged: ${r.acknowledged.declarations} declarations, ${r.acknowledged.ledgerAppends} ledger appends (revoke / re-authorize), ${r.acknowledged.proxyBindings} proxy bindings`)
  console.log(`  acknowledged but missing: ${r.missing}   doubled: ${r.doubled}   declarants over 2 proxies: ${r.overLimitProxies}   ledger entries short: ${r.ledgerShort}   failed audits: ${r.auditFailures}`)
  console.log(`  restart times (ms): ${r.restartsMs.join(', ')}`)
  const ic = await integratorChaos({ kills: Number(process.env.INTEGRATOR_KILLS ?? 200), appenders: 50 })
  console.log(`ledger integrator chaos (CloudBase adapter): ${ic.kills} integrators killed mid-batch while 50 appenders ran`)
  console.log(`  promised: ${ic.promised}   in the tree: ${ic.inTree}   promised but lost: ${ic.lost}   forks (in the tree twice): ${ic.doubled}   audit: ${ic.auditClean ? 'clean' : 'FAILED'}`)
  await loadChaos(Number(process.env.LOAD_SECONDS ?? 30))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
