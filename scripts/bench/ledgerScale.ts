/**
 * `BENCH=ledgerScale npm run bench` (the consent ledger at the province's peak), printed, never
 * asserted: the CloudBase adapter over the in-memory DocDb (test/contract/fakeDocDb.ts) with every
 * database call delayed by RTT_MS (default 10), as a network round trip. 1, 50, 200 and 1,000
 * concurrent appenders (LEDGER_APPENDERS to choose) each call appendLedger in a loop for
 * BENCH_SECONDS (default 10), as the consent function does ('scheduled': the answer waits for the
 * signed promise only); one integrator holds the lease and integrates batches of up to 1,000
 * (as the ledgerIntegrate timer does, looping while entries are pending). Printed per row:
 * appends/s (promised), database calls per append (appenders' and integrator's together, per
 * entry integrated), p50/p99 time to the promise, p99 integration lag (promise → in the tree),
 * and appends/s over the serial bound 1000/RTT_MS (one round trip per append, one at a time: what
 * a head-document design cannot beat). The figures of the head-document design (the issue's
 * measurement) are printed beside.
 */
import { createCloudBaseConsentStores } from '../../cloudfunctions/adapters/cloudbase'
import type { DocCollection, DocDb, DocQuery, DocRef } from '../../cloudfunctions/adapters/cloudbase/docDb'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { integrateLedger } from '../../cloudfunctions/services/consent/integrator'
import { appendLedger } from '../../cloudfunctions/services/consent/ledger'
import { FakeDocDb } from '../../test/contract/fakeDocDb'

const RTT = Number(process.env.RTT_MS ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const COUNTS = (process.env.LEDGER_APPENDERS ?? '1,50,200,1000').split(',').map(Number)
/** The head-document design, measured in the issue (RTT 10 ms, 10 s): appends/s, calls per append, p99 s. */
const BEFORE: Record<number, string> = { 1: '13.5/s, 7 calls, p99 0.18 s', 10: '13.6/s, 67.5 calls, p99 10.6 s', 50: '13.6/s, 302 calls, p99 13.6 s', 200: '12.2/s, 949 calls, p99 25.3 s' }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every call waits RTT_MS before it reaches the fake, and is counted. */
class SlowDb implements DocDb {
  calls = 0
  constructor(private readonly inner: FakeDocDb) {}
  get command() {
    return this.inner.command
  }
  private async call<T>(run: () => Promise<T>): Promise<T> {
    this.calls++
    await sleep(RTT)
    return run()
  }
  collection(name: string): DocCollection {
    const c = this.inner.collection(name)
    const q = (x: DocQuery): DocQuery => ({
      get: () => this.call(() => x.get()),
      update: (d) => this.call(() => x.update(d)),
      orderBy: (f, dir) => q(x.orderBy(f, dir)),
      skip: (n) => q(x.skip(n)),
      limit: (n) => q(x.limit(n)),
    })
    return {
      doc: (id): DocRef => {
        const d = c.doc(id)
        return { get: () => this.call(() => d.get()), set: (v) => this.call(() => d.set(v)), update: (v) => this.call(() => d.update(v)), remove: () => this.call(() => d.remove()) }
      },
      add: (v) => this.call(() => c.add(v)),
      where: (w) => q(c.where(w)),
    }
  }
}

const pct = (xs: number[], p: number) => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))])

async function run(appenders: number) {
  const db = new SlowDb(new FakeDocDb())
  const consent = createCloudBaseConsentStores(db)
  const deps = {
    consent,
    clock: { now: () => Date.now() },
    ledgerKey: { secretKey: new Uint8Array(32).fill(11), keyName: 'bench.local-ledger', origin: 'bench.local/consent-ledger' },
    ledgerIntegration: 'scheduled',
  } as unknown as ConsentDeps
  const promisedAt = new Map<string, number>()
  const toPromise: number[] = []
  const lags: number[] = []
  let appended = 0
  const end = Date.now() + SECONDS * 1000
  let stop = false
  // Lag: from the promise to the end of the batch that put the entry in the tree.
  const integrate = consent.ledger.integrate.bind(consent.ledger)
  consent.ledger.integrate = async (max, checkpoint) => {
    const b = await integrate(max, checkpoint)
    const now = Date.now()
    for (const id of b?.ids ?? []) {
      const at = promisedAt.get(id)
      if (at !== undefined) lags.push(now - at)
    }
    return b
  }
  // The integrator: holds the lease, one batch at a time, while appenders run and until all is in.
  const integrator = (async () => {
    while (!stop || (await consent.ledger.oldestPending(1)).length > 0) {
      // As the timer function runs: hold the lease, integrate while anything is pending, look again every 20 ms.
      await integrateLedger(deps, { owner: 'bench', budgetMs: 1000, keepLease: true, idleWaitMs: 20 })
    }
  })()
  await Promise.all(
    Array.from({ length: appenders }, async (_, w) => {
      for (let i = 0; Date.now() < end; i++) {
        const t0 = Date.now()
        const r = await appendLedger(deps, { consent: `c${w}-${i}`, action: 'read', fields: ['address'], actor: 'a'.repeat(32) })
        const t1 = Date.now()
        promisedAt.set(r.ref, t1)
        toPromise.push(t1 - t0)
        appended++
      }
    }),
  )
  const elapsed = (Date.now() - (end - SECONDS * 1000)) / 1000
  stop = true
  await integrator
  const size = await consent.ledger.size()
  const audit = await auditLedger(consent.ledger)
  const rate = appended / elapsed
  console.log(
    `  ${String(appenders).padStart(5)} appenders: ${rate.toFixed(0).padStart(6)} appends/s  ${(db.calls / size).toFixed(2)} calls/append  ` +
      `promise p50 ${pct(toPromise, 50)} ms p99 ${pct(toPromise, 99)} ms  integration lag p99 ${pct(lags, 99)} ms  ` +
      `${(rate / (1000 / RTT)).toFixed(1)}× the serial bound  (tree ${size}, audit ${audit.ok ? 'clean' : 'FAILED'})` +
      (BEFORE[appenders] && RTT === 10 && SECONDS === 10 ? `   before: ${BEFORE[appenders]}` : ''),
  )
}

async function main() {
  console.log(`consent ledger on CloudBase (fake DocDb, every call +${RTT} ms; ${SECONDS} s per row; serial bound ${(1000 / RTT).toFixed(0)}/s):`)
  for (const n of COUNTS) await run(n)
  console.log('  goal at RTT 10 ms, 1,000 appenders: ≥ 1,000 appends/s, ≤ 3 calls/append, promise p99 ≤ 200 ms, integration lag p99 ≤ 2,000 ms')
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
