/**
 * Health declaration benchmarks (issue 5), printed, never asserted:
 * 1. Morning peak: declarations per second through the local cloud over HTTP on loopback
 *    (autocannon, bounded in time and count), p50/p99, against a bare Node HTTP server answering
 *    the same requests in the same run; then every accepted declaration is counted in the SQLite
 *    file after the cloud is closed and the file reopened.
 * 2. Workbench day view of an org with 5,000 members over HTTP: p50/p95.
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 32) tune the load.
 */
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { dayOf } from '../../cloudfunctions/domain/health/calendar'
import { checkDigit } from '../../cloudfunctions/domain/idNumber'
import { maskName } from '../../cloudfunctions/domain/mask'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { healthIds } from '../../cloudfunctions/ports/healthStores'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const MAX_REQUESTS = 200_000
const FILERS = 40
const PER_FILER = 5

const form = { phone: '13800138000', currentLocation: '广州市天河区', temperature: 36.5, symptoms: [], riskContact: false, riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none' }
const idFor = (n: number, birth: string) => {
  const first17 = `440106${birth}${String(n).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}
const uuid = () => crypto.randomUUID()
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]

async function post(url: string, body: unknown, openid?: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) }, body: JSON.stringify(body) })
  return res.json()
}
async function login(cloud: LocalCloud, openid: string, name: string, idNumber: string): Promise<string> {
  const s = await post(`${cloud.url}/cloud/auth`, { action: 'startVerification', purpose: 'login', method: 'face', name, idNumber }, openid)
  await post(`${cloud.url}/sim/verify/${encodeURIComponent(s.data.verifyId)}`, { outcome: 'pass' })
  return (await post(`${cloud.url}/cloud/auth`, { action: 'completeVerification', verifyId: s.data.verifyId }, openid)).data.sessionToken
}
const health = async (cloud: LocalCloud, openid: string, body: object) => {
  const r = await post(`${cloud.url}/cloud/health`, body, openid)
  if (!r.ok) throw new Error(`${(body as { action: string }).action}: ${r.error.code}`)
  return r.data
}

type Target = { openid: string; token: string; orgId: string; declarantId: string }

/** Each request: a random filer's declarant, a fresh client id (a new declaration every time). */
function load(url: string, targets: Target[], onOk: () => void) {
  return autocannon({
    url: `${url}/cloud/health`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    maxOverallRequests: MAX_REQUESTS,
    requests: [
      {
        setupRequest: (req: any) => {
          const t = targets[Math.floor(Math.random() * targets.length)]
          return {
            ...req,
            headers: { 'content-type': 'application/json', 'x-wx-openid': t.openid },
            body: JSON.stringify({ action: 'submitDeclaration', sessionToken: t.token, orgId: t.orgId, declarantId: t.declarantId, day: 'today', clientId: uuid(), form }),
          }
        },
        onResponse: (status: number, body: string) => {
          if (status === 200 && body.startsWith('{"ok":true')) onOk()
        },
      },
    ],
  } as any)
}

/** The same requests answered by a bare Node server: read the body, parse it, reply with a result of the same shape. */
async function bare(targets: Target[]) {
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (c) => (text += c))
    req.on('end', () => {
      const e = JSON.parse(text)
      const body = JSON.stringify({ ok: true, data: { declarationId: `decl:${e.orgId}:${e.declarantId}:${e.clientId}`, day: '2026-11-22', submittedAt: Date.now(), late: false, replayed: false } })
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  let ok = 0
  const result = await load(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets, () => ok++)
  server.close()
  return { result, ok }
}

async function morningPeak() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-health-'))
  const cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dataDir }), port: 0, h5Dir: path.join(dataDir, 'none') })
  const teacherId = idFor(999, '19800101')
  const teacherToken = await login(cloud, 'teacher', '黄老师', teacherId)
  const { org } = await health(cloud, 'teacher', { action: 'createOrg', sessionToken: teacherToken, name: '早高峰测试学校', deadline: '23:59', frequency: 'daily' })
  const { ticket } = await health(cloud, 'teacher', { action: 'issueInvite', sessionToken: teacherToken, orgId: org.orgId })
  const targets: Target[] = []
  for (let f = 0; f < FILERS; f++) {
    const openid = `parent-${f}`
    const token = await login(cloud, openid, `家长${f}`, idFor(f, '19850612'))
    for (let c = 0; c < PER_FILER; c++) {
      const declarant = { name: `学生${f}_${c}`, docType: 'birth_certificate', docNumber: `B${String(f * 100 + c).padStart(9, '0')}` }
      const r = await health(cloud, openid, { action: 'joinByInvite', sessionToken: token, ticket, join: { as: 'proxy', declarant } })
      targets.push({ openid, token, orgId: org.orgId, declarantId: r.declarant.declarantId })
    }
  }
  const file = path.join(dataDir, 'cloud.db')
  const sync = (cloud.deps.stores as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })
  let accepted = 0
  const cloudRun = await load(cloud.url, targets, () => accepted++)
  await cloud.close()
  const stored = (new Database(file, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM health_submissions').get() as { n: number }).n
  const bareRun = await bare(targets)
  rmSync(dataDir, { recursive: true, force: true })

  const line = (name: string, r: autocannon.Result, ok: number) =>
    `${name.padEnd(22)} ${(ok / (r.duration || SECONDS)).toFixed(0).padStart(7)} ok/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  (${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`
  console.log(`morning peak: ${FILERS} filers × ${PER_FILER} declarants, ${CONNECTIONS} connections, ${SECONDS} s or ${MAX_REQUESTS} requests, SQLite WAL synchronous=${sync} (${['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(sync)] ?? '?'})`)
  console.log(line('local cloud (health)', cloudRun, accepted))
  console.log(line('bare node http', bareRun.result, bareRun.ok))
  console.log(`ratio (declarations/s ÷ bare/s): ${(accepted / cloudRun.duration / (bareRun.ok / bareRun.result.duration)).toFixed(2)}  (target ≥ 0.5)`)
  console.log(`durably stored: ${stored} rows in the reopened file for ${accepted} accepted declarations ${stored === accepted ? '✓ every one' : '✗ MISMATCH'}`)
}

async function workbench5000() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-workbench-'))
  const cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dataDir }), port: 0, h5Dir: path.join(dataDir, 'none') })
  const token = await login(cloud, 'teacher', '黄老师', idFor(998, '19800101'))
  const { org } = await health(cloud, 'teacher', { action: 'createOrg', sessionToken: token, name: '五千人学校', deadline: '22:00', frequency: 'daily' })
  const { health: stores, cipher, clock } = cloud.deps
  const now = clock.now()
  const day = dayOf(now)
  // Seeded through the store ports (the join flow is measured above); 80% declared, 5% abnormal.
  for (let i = 0; i < 5000; i++) {
    const name = `学生${i}`
    const id = cipher.keyedHash(`birth_certificate:B${String(i).padStart(9, '0')}`)
    await stores.declarants.ensure({ id, docType: 'birth_certificate', nameCipher: cipher.encrypt(name), docNumberCipher: cipher.encrypt(`B${i}`), maskedName: maskName(name), maskedDocNumber: 'B4******01', createdAt: now })
    await stores.memberships.ensure({ id: healthIds.membership(org.orgId, id), orgId: org.orgId, declarantId: id, maskedName: maskName(name), docType: 'birth_certificate', state: 'active', joinedAt: now, leftAt: null })
    if (i % 5 !== 0) {
      const clientId = uuid()
      await stores.submissions.record({ id: `decl:${org.orgId}:${id}:${clientId}`, orgId: org.orgId, declarantId: id, day, clientId, submittedAt: now + i, late: false, filerIdentityId: 'x', byCollector: false, formCipher: cipher.encrypt(JSON.stringify(form)), abnormal: i % 20 === 1 ? ['temperature'] : [] }, { respectLock: true })
    }
  }
  const times: number[] = []
  for (let i = 0; i < 120; i++) {
    const t0 = performance.now()
    const r = await health(cloud, 'teacher', { action: 'workbenchDay', sessionToken: token, orgId: org.orgId, day, filter: i % 2 ? 'missing' : 'all' })
    if (i >= 20) times.push(performance.now() - t0) // the first 20 warm up
    if (i === 0) console.log(`workbench day view, 5,000 members: counts ${JSON.stringify(r.counts)}`)
  }
  const searchTimes: number[] = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    await health(cloud, 'teacher', { action: 'workbenchDay', sessionToken: token, orgId: org.orgId, day, search: `学生${i * 7}` })
    searchTimes.push(performance.now() - t0)
  }
  await cloud.close()
  rmSync(dataDir, { recursive: true, force: true })
  console.log(`  over HTTP, ${times.length} calls: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (target p95 < 50 ms)`)
  console.log(`  with a name search (decrypts 5,000 names), ${searchTimes.length} calls: p50 ${pct(searchTimes, 50).toFixed(1)} ms, p95 ${pct(searchTimes, 95).toFixed(1)} ms`)
}

async function main() {
  await morningPeak()
  await workbench5000()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
