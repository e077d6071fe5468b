/**
 * Health declaration benchmarks, printed, never asserted:
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
import { spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { dayOf } from '../../cloudfunctions/domain/health/calendar'
import { checkDigit } from '../../cloudfunctions/domain/idNumber'
import { maskName } from '../../cloudfunctions/domain/mask'
import { startLocalCloud } from '../../cloudfunctions/local/server'
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
async function login(url: string, openid: string, name: string, idNumber: string): Promise<string> {
  const s = await post(`${url}/cloud/auth`, { action: 'startVerification', purpose: 'login', method: 'face', name, idNumber }, openid)
  await post(`${url}/sim/verify/${encodeURIComponent(s.data.verifyId)}`, { outcome: 'pass' })
  return (await post(`${url}/cloud/auth`, { action: 'completeVerification', verifyId: s.data.verifyId }, openid)).data.sessionToken
}
const health = async (url: string, openid: string, body: object) => {
  const r = await post(`${url}/cloud/health`, body, openid)
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

/** Starts `_healthServer.ts <mode>` in a child process and resolves its URL and a stop function. */
async function serve(mode: 'cloud' | 'bare', dataDir?: string): Promise<{ url: string; stop(): Promise<void> }> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server process (open it in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(__dirname, '_healthServer.ts'), mode], {
    env: { ...process.env, ...(dataDir ? { DATA_DIR: dataDir } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
      const m = /READY (\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })
  const stop = () => new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
  return { url, stop }
}

async function morningPeak() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-health-'))
  const cloud = await serve('cloud', dataDir)
  const teacherId = idFor(999, '19800101')
  const teacherToken = await login(cloud.url, 'teacher', '黄老师', teacherId)
  const { org } = await health(cloud.url, 'teacher', { action: 'createOrg', sessionToken: teacherToken, name: '早高峰测试学校', deadline: '23:59', frequency: 'daily' })
  const { ticket } = await health(cloud.url, 'teacher', { action: 'issueInvite', sessionToken: teacherToken, orgId: org.orgId })
  const targets: Target[] = []
  for (let f = 0; f < FILERS; f++) {
    const openid = `parent-${f}`
    const token = await login(cloud.url, openid, `家长${f}`, idFor(f, '19850612'))
    for (let c = 0; c < PER_FILER; c++) {
      const declarant = { name: `学生${f}_${c}`, docType: 'birth_certificate', docNumber: `B${String(f * 100 + c).padStart(9, '0')}` }
      const r = await health(cloud.url, openid, { action: 'joinByInvite', sessionToken: token, ticket, join: { as: 'proxy', declarant } })
      targets.push({ openid, token, orgId: org.orgId, declarantId: r.declarant.declarantId })
    }
  }
  let accepted = 0
  const cloudRun = await load(cloud.url, targets, () => accepted++)
  await cloud.stop()
  // Reopened after the cloud process has exited: what is in the file is what was made durable.
  const db = new Database(path.join(dataDir, 'cloud.db'), { readonly: true })
  const stored = (db.prepare('SELECT COUNT(*) AS n FROM health_submissions').get() as { n: number }).n
  db.close()
  const bareServer = await serve('bare')
  let bareOk = 0
  const bareRun = await load(bareServer.url, targets, () => bareOk++)
  await bareServer.stop()
  rmSync(dataDir, { recursive: true, force: true })

  const rate = (ok: number, r: autocannon.Result) => ok / (r.duration || SECONDS)
  const line = (name: string, r: autocannon.Result, ok: number) =>
    `${name.padEnd(22)} ${rate(ok, r).toFixed(0).padStart(7)} ok/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  (${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`
  console.log(`morning peak: ${FILERS} filers × ${PER_FILER} declarants, ${CONNECTIONS} connections, ${SECONDS} s (at most ${MAX_REQUESTS} requests); server in its own process; SQLite file in WAL mode with synchronous=FULL, declarations in flight group-committed`)
  console.log(line('local cloud (health)', cloudRun, accepted))
  console.log(line('bare node http', bareRun, bareOk))
  console.log(`ratio (declarations/s ÷ bare/s): ${(rate(accepted, cloudRun) / rate(bareOk, bareRun)).toFixed(2)}  (target ≥ 0.5)`)
  console.log(`durably stored: ${stored} rows in the reopened file for ${accepted} acknowledged declarations ${stored >= accepted ? `✓ every acknowledged one (${stored - accepted} more were in flight when the load stopped)` : '✗ MISSING ROWS'}`)
}

async function workbench5000() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-workbench-'))
  const cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dataDir }), port: 0, h5Dir: path.join(dataDir, 'none') })
  const token = await login(cloud.url, 'teacher', '黄老师', idFor(998, '19800101'))
  const { org } = await health(cloud.url, 'teacher', { action: 'createOrg', sessionToken: token, name: '五千人学校', deadline: '22:00', frequency: 'daily' })
  const { health: stores, cipher, clock } = cloud.deps
  const now = clock.now()
  const day = dayOf(now)
  // Seeded through the store ports (the join flow is measured above); 80% declared, 5% abnormal.
  for (let i = 0; i < 5000; i++) {
    const name = `学生${i}`
    const id = cipher.keyedHash(`birth_certificate:B${String(i).padStart(9, '0')}`)
    await stores.declarants.ensure({ id, docType: 'birth_certificate', nameCipher: cipher.encrypt(name), docNumberCipher: cipher.encrypt(`B${i}`), maskedName: maskName(name), maskedDocNumber: 'B4******01', createdAt: now })
    await stores.memberships.ensure({ id: healthIds.membership(org.orgId, id), orgId: org.orgId, declarantId: id, maskedName: maskName(name), nameCipher: cipher.encrypt(name), nameVerified: false, altNameCipher: null, altMaskedName: null, docType: 'birth_certificate', state: 'active', joinedAt: now, leftAt: null })
    if (i % 5 !== 0) {
      const clientId = uuid()
      await stores.submissions.record({ id: `decl:${org.orgId}:${id}:${clientId}`, orgId: org.orgId, declarantId: id, day, clientId, submittedAt: now + i, late: false, filerIdentityId: 'x', byCollector: false, formCipher: cipher.encrypt(JSON.stringify(form)), abnormal: i % 20 === 1 ? ['temperature'] : [] }, { respectLock: true })
    }
  }
  const times: number[] = []
  for (let i = 0; i < 120; i++) {
    const t0 = performance.now()
    const r = await health(cloud.url, 'teacher', { action: 'workbenchDay', sessionToken: token, orgId: org.orgId, day, filter: i % 2 ? 'missing' : 'all' })
    if (i >= 20) times.push(performance.now() - t0) // the first 20 warm up
    if (i === 0) console.log(`workbench day view, 5,000 members: counts ${JSON.stringify(r.counts)}`)
  }
  const searchTimes: number[] = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    await health(cloud.url, 'teacher', { action: 'workbenchDay', sessionToken: token, orgId: org.orgId, day, search: `学生${i * 7}` })
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
