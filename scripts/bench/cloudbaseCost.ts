/**
 * CloudBase cost and latency per action, printed, never asserted. Every function runs
 * over the CloudBase adapters on an in-memory DocDb (test/contract/fakeDocDb.ts) wrapped in a
 * counter: each database call is one billed operation and one network round trip. Printed per
 * action: reads (doc get), writes (add/set/update/remove, conditional updates), queries (where…get),
 * and the sequential round trips (calls that had to wait for earlier ones: calls in flight together
 * count once). The hot actions: login, space home, linkChild, consent sign and proof, health
 * submitDeclaration, formContext, workbenchDay for a 50-member class, counter code/scan/answer/form.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseConsentStores, createCloudBaseCounterStores, createCloudBaseHealthStores, createCloudBaseStores } from '../../cloudfunctions/adapters/cloudbase'
import type { DocCollection, DocDb, DocQuery, DocRef } from '../../cloudfunctions/adapters/cloudbase/docDb'
import { loadConfig } from '../../cloudfunctions/config'
import { checkDigit } from '../../cloudfunctions/domain/idNumber'
import { registry } from '../../cloudfunctions/functions/registry'
import { createBizHandler } from '../../cloudfunctions/functions/consent/handler'
import { createDeskHandler } from '../../cloudfunctions/functions/counter/handler'
import { createLocalDeps } from '../../cloudfunctions/local/wiring'
import { seedDemoSystem } from '../../cloudfunctions/services/consent/demoSystem'
import { seedDemoCounter } from '../../cloudfunctions/services/counter/demoCounter'
import type { AppDeps } from '../../cloudfunctions/services/appDeps'
import { FakeDocDb } from '../../test/contract/fakeDocDb'

type Tally = { reads: number; writes: number; queries: number; trips: number; witness: number }

/** Sequential round trips before signed promises (the consent ledger issue's measurement). */
const BEFORE: Record<string, number> = {
  'consent sign': 20,
  'consent proof': 12,
  'counter answer confirm': 15,
  'counter form (desk)': 11,
  'auth login (start + complete)': 11,
  'health submitDeclaration': 10,
}

/** Counts every database call; `trips` goes up when a call starts while none is in flight. */
class CountingDb implements DocDb {
  tally: Tally = { reads: 0, writes: 0, queries: 0, trips: 0, witness: 0 }
  private inFlight = 0
  constructor(private readonly inner: FakeDocDb) {}
  get command() {
    return this.inner.command
  }
  /** COST_TRACE=1 prints each call (collection and kind), to see where an action's calls go. */
  label = ''
  /** A witness's add-checkpoint over HTTP: one round trip like a database call (calls in flight together count once). */
  async external<T>(where: string, run: () => Promise<T>): Promise<T> {
    return this.call('witness', run, where)
  }
  private async call<T>(kind: keyof Omit<Tally, 'trips'>, run: () => Promise<T>, where = ''): Promise<T> {
    if (process.env.COST_TRACE === '1') console.log(`    [${kind}${this.inFlight ? ' ∥' : ''}] ${where}`)
    this.tally[kind]++
    if (this.inFlight === 0) this.tally.trips++
    this.inFlight++
    try {
      return await run()
    } finally {
      // Let calls started in the same tick (Promise.all) see each other in flight.
      await new Promise((r) => setImmediate(r))
      this.inFlight--
    }
  }
  collection(name: string): DocCollection {
    const c = this.inner.collection(name)
    const wrapQuery = (q: DocQuery): DocQuery => ({
      get: () => this.call('queries', () => q.get(), `${name} where`),
      update: (d: object) => this.call('writes', () => q.update(d), `${name} where.update`),
      count: () => this.call('queries', () => q.count(), `${name} count`),
      orderBy: (f: string, dir: 'asc' | 'desc') => wrapQuery(q.orderBy(f, dir)),
      skip: (n: number) => wrapQuery(q.skip(n)),
      limit: (n: number) => wrapQuery(q.limit(n)),
    }) as DocQuery
    return {
      doc: (id: string): DocRef => {
        const d = c.doc(id)
        return {
          get: () => this.call('reads', () => d.get(), `${name}/${id.slice(0, 12)}`),
          set: (x: object) => this.call('writes', () => d.set(x), `${name}/${id.slice(0, 12)} set`),
          update: (x: object) => this.call('writes', () => d.update(x), `${name}/${id.slice(0, 12)} update`),
          remove: () => this.call('writes', () => d.remove(), `${name}/${id.slice(0, 12)} remove`),
        }
      },
      add: (x: object) => this.call('writes', () => c.add(x), `${name} add`),
      where: (q: object) => wrapQuery(c.where(q)),
    } as DocCollection
  }
}

const idFor = (n: number, birth = '19850612') => {
  const first17 = `440106${birth}${String(n % 1000).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}
const goodForm = { phone: '13800138000', currentLocation: '广州市天河区', temperature: 36.5, symptoms: [], riskContact: false, riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none' }

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-cost-'))
  const local = createLocalDeps(loadConfig({ DATA_DIR: dataDir }), 'memory')
  const db = new CountingDb(new FakeDocDb())
  const deps: AppDeps = {
    ...local.deps,
    stores: createCloudBaseStores(db),
    health: createCloudBaseHealthStores(db),
    consent: createCloudBaseConsentStores(db),
    ledgerIntegration: 'scheduled',
    counter: createCloudBaseCounterStores(db),
    // The witness is another party's function: its store is not ours, each call is one HTTP round trip.
    ledgerWitnesses: local.deps.ledgerWitnesses && {
      ...local.deps.ledgerWitnesses,
      witnesses: local.deps.ledgerWitnesses.witnesses.map((w) => ({ ...w, submit: (body: string) => db.external('witness add-checkpoint', () => w.submit(body)) })),
    },
  }
  const fns = Object.fromEntries(Object.entries(registry).map(([n, make]) => [n, make(deps)]))
  const rows: Array<[string, Tally]> = []
  const measure = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    if (process.env.COST_TRACE === '1') console.log(`  ${label}:`)
    const before = { ...db.tally }
    const out = await run()
    rows.push([label, { reads: db.tally.reads - before.reads, writes: db.tally.writes - before.writes, queries: db.tally.queries - before.queries, trips: db.tally.trips - before.trips, witness: db.tally.witness - before.witness }])
    return out
  }
  const call = async (fn: string, openid: string, event: object): Promise<any> => {
    const r = (await fns[fn](event, { OPENID: openid })) as { ok: boolean; data?: any; error?: { code: string } }
    if (!r.ok) throw new Error(`${fn}.${(event as { action: string }).action}: ${r.error?.code}`)
    return r.data
  }
  const login = async (openid: string, name: string, idNumber: string, label?: string) => {
    const run = async () => {
      const s = await call('auth', openid, { action: 'startVerification', purpose: 'login', method: 'face', name, idNumber })
      local.simulator.report(s.verifyId, 'pass')
      return (await call('auth', openid, { action: 'completeVerification', verifyId: s.verifyId })).sessionToken as string
    }
    return label ? measure(label, run) : run()
  }

  // Login and the space.
  const mum = { openid: 'o-mum', token: await login('o-mum', '陈美玲', '441302198506120324', 'auth login (start + complete)') }
  await measure('space home', () => call('space', mum.openid, { action: 'home', sessionToken: mum.token }))
  const claimed = await call('space', mum.openid, { action: 'claim', sessionToken: mum.token, type: 'birth_certificate' })
  const certId = claimed.claimed[0].credentialId
  await measure('space linkChild', () => call('space', mum.openid, { action: 'linkChild', sessionToken: mum.token, birthCertificateId: certId, childIdNumber: '441302201809140829' }))

  // Consent: the demo system asks, the mother of F14 signs the property at the register address.
  const demo = await seedDemoSystem(deps, 'b'.repeat(32))
  const biz = createBizHandler(deps)
  const req = await biz({ action: 'createRequest', applicationType: '2025惠城区义务教育', studentName: '何沐阳', studentIdNumber: '441302201806061711', parentName: '李婉婷', parentIdNumber: '441302198512241085', phone: '13800138000', evidence: '户籍双证学校（户口簿+房产）' }, { authorization: `Bearer ${demo.apiKey}` })
  const code = (req.body as { data: { code: string } }).data.code
  const li = { openid: 'o-li', token: await login('o-li', '李婉婷', '441302198512241085') }
  const opened = await call('consent', li.openid, { action: 'open', sessionToken: li.token, code })
  const part = opened.request.parts.find((p: { key: string }) => p.key === 'property')
  const option = part.eligibility.options.find((o: { matches: boolean }) => o.matches)
  const signed = await measure('consent sign', () =>
    call('consent', li.openid, { action: 'sign', sessionToken: li.token, code, agreed: true, parts: [{ part: 'property', optionId: option.optionId, fields: part.fields.map((f: { key: string }) => f.key) }] }),
  )
  await measure('consent proof', () => call('consent', li.openid, { action: 'proof', sessionToken: li.token, consentId: signed.consentIds[0] }))
  // The timer integrates the pending entries within seconds: the same proof once its entry has an index.
  await deps.consent.ledger.integrate(1000)
  await measure('consent proof, once integrated', () => call('consent', li.openid, { action: 'proof', sessionToken: li.token, consentId: signed.consentIds[0] }))
  // The same tree again: its witnessed checkpoint is kept, so no witness is asked.
  await measure('consent proof, witnessed tree again', () => call('consent', li.openid, { action: 'proof', sessionToken: li.token, consentId: signed.consentIds[0] }))

  // Health: a 50-member class, one member's day.
  const teacherId = idFor(900, '19800101')
  const teacher = { openid: 'o-t', token: await login('o-t', '黄老师', teacherId) }
  const { org } = await call('health', teacher.openid, { action: 'createOrg', sessionToken: teacher.token, name: '三年级二班', deadline: '22:00', frequency: 'daily' })
  const card = await call('health', teacher.openid, { action: 'issueInvite', sessionToken: teacher.token, orgId: org.orgId })
  let first: { openid: string; token: string; declarantId: string } | null = null
  for (let i = 0; i < 50; i++) {
    const id = idFor(100 + i, '20100101')
    const p = { openid: `o-s${i}`, token: await login(`o-s${i}`, `学生${i}`, id) }
    const joined = await call('health', p.openid, { action: 'joinByInvite', sessionToken: p.token, ticket: card.ticket, join: { as: 'self' } })
    if (!first) first = { ...p, declarantId: joined.declarant.declarantId }
  }
  await measure('health formContext', () => call('health', first!.openid, { action: 'formContext', sessionToken: first!.token, orgId: org.orgId, declarantId: first!.declarantId }))
  await measure('health submitDeclaration', () =>
    call('health', first!.openid, { action: 'submitDeclaration', sessionToken: first!.token, orgId: org.orgId, declarantId: first!.declarantId, day: 'today', clientId: randomUUID(), form: goodForm }),
  )
  const today = new Date(deps.clock.now() + 8 * 3600_000).toISOString().slice(0, 10)
  await measure('health workbenchDay (50 members)', () => call('health', teacher.openid, { action: 'workbenchDay', sessionToken: teacher.token, orgId: org.orgId, day: today, filter: 'all', offset: 0, limit: 50 }))

  // Counter: code, scan, answer, form.
  const counterDemo = await seedDemoCounter(deps, 'c'.repeat(20))
  const desk = createDeskHandler(deps)
  const deskCall = async (event: object, token?: string): Promise<any> => (await desk(event, { authorization: token ? `Bearer ${token}` : undefined })).body
  const staff = (await deskCall({ action: 'signIn', ...counterDemo })).data.token
  await call('space', li.openid, { action: 'claim', sessionToken: li.token, type: 'id_card' })
  const gov = await measure('counter code', () => call('counter', li.openid, { action: 'code', sessionToken: li.token }))
  await measure('counter poll, nothing scanned yet', () => call('counter', li.openid, { action: 'pending', sessionToken: li.token, codes: [gov.digits] }))
  const scanned = await measure('counter scan (desk)', () => deskCall({ action: 'scan', matterId: 'enrol-review', code: gov.qr }, staff))
  await measure('counter poll, once scanned', () => call('counter', li.openid, { action: 'pending', sessionToken: li.token, codes: [gov.digits] }))
  await measure('counter pending (other pages)', () => call('counter', li.openid, { action: 'pending', sessionToken: li.token }))
  await measure('counter answer confirm', () => call('counter', li.openid, { action: 'answer', sessionToken: li.token, caseId: scanned.data.caseId, decision: 'confirm' }))
  await measure('counter form (desk)', () => deskCall({ action: 'form', caseId: scanned.data.caseId }, staff))

  console.log('CloudBase database calls per action (CloudBase adapters on a counting in-memory DocDb; ledger appends answered by the signed promise, integrated by the timer, as deployed):')
  console.log(`  ${'action'.padEnd(34)} ${'reads'.padStart(6)} ${'writes'.padStart(7)} ${'queries'.padStart(8)} ${'ops'.padStart(5)} ${'witness'.padStart(8)} ${'round trips'.padStart(12)} ${'before'.padStart(7)}`)
  for (const [label, t] of rows) {
    const ops = t.reads + t.writes + t.queries
    const over = t.trips > 6 ? '  > 6' : ''
    console.log(`  ${label.padEnd(34)} ${String(t.reads).padStart(6)} ${String(t.writes).padStart(7)} ${String(t.queries).padStart(8)} ${String(ops).padStart(5)} ${String(t.witness).padStart(8)} ${String(t.trips).padStart(12)} ${String(BEFORE[label] ?? '').padStart(7)}${over}`)
  }
  console.log('  (before: sequential round trips with the head-document ledger, measured in the consent ledger issue; goal ≤ 6 per user-facing action)')
  rmSync(dataDir, { recursive: true, force: true })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
