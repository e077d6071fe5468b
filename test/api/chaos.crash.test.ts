import { crashChaos } from '../../scripts/chaos/crash'

/**
 * The fast subset of `npm run chaos`: the local cloud in its own process, killed with
 * SIGKILL twice under load and restarted on the same folder. Nothing acknowledged may be lost or
 * doubled, no declarant may end with more than two proxies, the ledger keeps every acknowledged
 * append and audits clean after every crash.
 */
it('two SIGKILLs under load lose nothing acknowledged, double nothing, keep the proxy limit and a clean ledger', async () => {
  const r = await crashChaos({ kills: 2, filers: 6 })
  expect(r.kills).toBe(2)
  // The run did real work, so the zeros below mean something.
  expect(r.acknowledged.declarations).toBeGreaterThan(50)
  expect(r.acknowledged.ledgerAppends).toBeGreaterThan(2)
  expect({ missing: r.missing, doubled: r.doubled, overLimitProxies: r.overLimitProxies, ledgerShort: r.ledgerShort, auditFailures: r.auditFailures }).toEqual({
    missing: 0, doubled: 0, overLimitProxies: 0, ledgerShort: 0, auditFailures: 0,
  })
}, 120_000)
