/**
 * Crash chaos: the local cloud in its own process on one DATA_DIR, driven at full speed
 * by many clients (declarations, races for the two proxy places, consent revoke/re-authorize, each
 * a ledger append), killed with SIGKILL at random moments and restarted on the same folder. After
 * the last stop the SQLite file is read directly: every acknowledged declaration must be there once,
 * no declarant may have more than two proxies, the ledger must hold every acknowledged append, and
 * `npm run ledger:audit` must pass after every crash.
 */
import Database from 'better-sqlite3'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkDigit } from '../../cloudfunctions/domain/idNumber'

const root = path.resolve(__dirname, '../..')
const tsx = path.join(root, 'node_modules/.bin/tsx')
export const form = { phone: '13800138000', currentLocation: '广州市天河区', temperature: 36.5, symptoms: [], riskContact: false, riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none' }
export const idFor = (n: number, birth: string) => {
  const first17 = `440106${birth}${String(n).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}
const BIZ_SECRET = 'chaos-demo-secret-0123456789'
const F14 = { mum: '441302198512241085', kid: '441302201806061711' }

export interface CrashReport {
  kills: number
  acknowledged: { declarations: number; ledgerAppends: number; proxyBindings: number }
  missing: number
  doubled: number
  overLimitProxies: number
  ledgerShort: number
  auditFailures: number
  restartsMs: number[]
}

export async function post(url: string, body: unknown, openid?: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) }, body: JSON.stringify(body) })
  return res.json()
}

export function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  // node itself with tsx's loader, not the tsx wrapper: SIGKILL must reach the process that serves.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench/_healthServer.ts'), 'cloud'], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir, DEMO_BIZ_KEY: BIZ_SECRET }, stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /READY (\S+)/.exec(out)
      if (m) resolve({ url: m[1], child })
    })
    child.once('exit', (code) => reject(new Error(`the local cloud exited (${code}) before it was ready`)))
  })
}

function audit(dataDir: string): boolean {
  const r = spawnSync(tsx, [path.join(root, 'cloudfunctions/local/ledgerAudit.ts')], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' })
  return r.status === 0
}

export async function crashChaos(opts: { kills: number; filers?: number; log?: (s: string) => void }): Promise<CrashReport> {
  const log = opts.log ?? (() => undefined)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chaos-crash-'))
  const report: CrashReport = { kills: 0, acknowledged: { declarations: 0, ledgerAppends: 0, proxyBindings: 0 }, missing: 0, doubled: 0, overLimitProxies: 0, ledgerShort: 0, auditFailures: 0, restartsMs: [] }
  const acked = new Set<string>()
  let server = await startServer(dataDir)
  try {
    // Set up once: a class, its filers (self), the mother of F14 with one signed consent.
    const login = async (openid: string, name: string, idNumber: string) => {
      const s = await post(`${server.url}/cloud/auth`, { action: 'startVerification', purpose: 'login', method: 'face', name, idNumber }, openid)
      await post(`${server.url}/sim/verify/${encodeURIComponent(s.data.verifyId)}`, { outcome: 'pass' })
      return (await post(`${server.url}/cloud/auth`, { action: 'completeVerification', verifyId: s.data.verifyId }, openid)).data.sessionToken as string
    }
    const teacher = { openid: 'o-chaos-t', token: await login('o-chaos-t', '黄老师', idFor(900, '19800101')) }
    const { org } = (await post(`${server.url}/cloud/health`, { action: 'createOrg', sessionToken: teacher.token, name: '混沌测试班', deadline: '22:00', frequency: 'daily' }, teacher.openid)).data
    const card = (await post(`${server.url}/cloud/health`, { action: 'issueInvite', sessionToken: teacher.token, orgId: org.orgId }, teacher.openid)).data
    const filers: Array<{ openid: string; token: string; declarantId: string }> = []
    for (let i = 0; i < (opts.filers ?? 12); i++) {
      const f = { openid: `o-chaos-${i}`, token: await login(`o-chaos-${i}`, `学生${i}`, idFor(100 + i, '20100101')) }
      const joined = (await post(`${server.url}/cloud/health`, { action: 'joinByInvite', sessionToken: f.token, ticket: card.ticket, join: { as: 'self' } }, f.openid)).data
      filers.push({ ...f, declarantId: joined.declarant.declarantId as string })
    }
    const mum = { openid: 'o-chaos-mum', token: await login('o-chaos-mum', '李婉婷', F14.mum) }
    const biz = await fetch(`${server.url}/biz/createRequest`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer huijiaoyu-demo.${BIZ_SECRET}` },
      body: JSON.stringify({ applicationType: '2025惠城区义务教育', studentName: '何沐阳', studentIdNumber: F14.kid, parentName: '李婉婷', parentIdNumber: F14.mum, phone: '13800138000', evidence: '户籍双证学校（户口簿+房产）' }),
    }).then((r) => r.json())
    const code = biz.data.code
    const opened = (await post(`${server.url}/cloud/consent`, { action: 'open', sessionToken: mum.token, code }, mum.openid)).data
    const part = opened.request.parts.find((p: { key: string }) => p.key === 'property')
    const option = part.eligibility.options.find((o: { matches: boolean }) => o.matches)
    const signed = (await post(`${server.url}/cloud/consent`, { action: 'sign', sessionToken: mum.token, code, agreed: true, parts: [{ part: 'property', optionId: option.optionId, fields: part.fields.map((f: { key: string }) => f.key) }] }, mum.openid)).data
    // 重新授权 makes a new consent: the loop follows the current one.
    let consentId = signed.consentIds[0] as string
    let consentRevoked = false
    const ledgerBase = await countLedgerWhileRunning(dataDir)
    // Proxy races: each round a new child and many would-be proxies.
    const parents: Array<{ openid: string; token: string }> = []
    for (let i = 0; i < 8; i++) parents.push({ openid: `o-chaos-p${i}`, token: await login(`o-chaos-p${i}`, `家长${i}`, idFor(200 + i, '19850101')) })

    for (let round = 0; round < opts.kills; round++) {
      let stop = false
      const url = server.url
      const declare = async (f: (typeof filers)[number]) => {
        while (!stop) {
          const clientId = randomUUID()
          try {
            const r = await post(`${url}/cloud/health`, { action: 'submitDeclaration', sessionToken: f.token, orgId: org.orgId, declarantId: f.declarantId, day: 'today', clientId, form }, f.openid)
            if (r.ok) acked.add(clientId)
          } catch {
            return // the server is gone
          }
        }
      }
      const consentLoop = async () => {
        while (!stop) {
          try {
            const action = consentRevoked ? 'reauthorize' : 'revoke'
            const r = await post(`${url}/cloud/consent`, { action, sessionToken: mum.token, consentId, ...(action === 'reauthorize' ? { agreed: true } : {}) }, mum.openid)
            if (r.ok) {
              report.acknowledged.ledgerAppends++
              consentRevoked = !consentRevoked
              consentId = r.data.consent.consentId
            } else if (r.error?.code === 'CONSENT_NOT_REVOKED') consentRevoked = false
            else if (r.error?.code === 'CONSENT_REVOKED' || r.error?.code === 'ALREADY_REVOKED') consentRevoked = true
          } catch {
            return
          }
        }
      }
      const child = { name: `孩子${round}`, docType: 'birth_certificate', docNumber: `Q44${String(1000000 + round)}` }
      const proxyRace = Promise.all(parents.map(async (p) => {
        try {
          const r = await post(`${url}/cloud/health`, { action: 'joinByInvite', sessionToken: p.token, ticket: card.ticket, join: { as: 'proxy', declarant: child } }, p.openid)
          if (r.ok) report.acknowledged.proxyBindings++
        } catch { /* gone */ }
      }))
      const work = Promise.all([...filers.map(declare), consentLoop(), proxyRace])
      // The kill lands at a random moment, but only once this round has done real work: on a loaded
      // machine a fixed window could pass before the first declaration was acknowledged.
      const ackedBefore = acked.size
      const killAt = Date.now() + 300 + Math.random() * 900
      const giveUpAt = Date.now() + 30_000
      while (Date.now() < giveUpAt && (Date.now() < killAt || acked.size - ackedBefore < 30)) await new Promise((r) => setTimeout(r, 50))
      server.child.kill('SIGKILL')
      report.kills++
      stop = true
      await new Promise((r) => server.child.once('exit', r))
      await work
      if (!audit(dataDir)) report.auditFailures++
      const t0 = Date.now()
      server = await startServer(dataDir)
      report.restartsMs.push(Date.now() - t0)
      log(`round ${round + 1}: killed, audited, restarted in ${Date.now() - t0} ms; ${acked.size} declarations acknowledged so far`)
    }
    server.child.kill('SIGTERM')
    await new Promise((r) => server.child.once('exit', r))
    report.acknowledged.declarations = acked.size

    const db = new Database(path.join(dataDir, 'cloud.db'), { readonly: true })
    const counts = new Map<string, number>()
    for (const row of db.prepare('SELECT clientId FROM health_submissions').all() as Array<{ clientId: string }>) counts.set(row.clientId, (counts.get(row.clientId) ?? 0) + 1)
    for (const id of acked) if (!counts.has(id)) report.missing++
    for (const n of counts.values()) if (n > 1) report.doubled += n - 1
    const proxies = db.prepare("SELECT declarantId, COUNT(*) AS n FROM health_bindings WHERE relation = 'proxy' AND state = 'active' GROUP BY declarantId").all() as Array<{ n: number }>
    report.overLimitProxies = proxies.filter((p) => p.n > 2).length
    const size = (db.prepare('SELECT size FROM ledger_head WHERE id = 1').get() as { size: number }).size
    report.ledgerShort = Math.max(0, ledgerBase + report.acknowledged.ledgerAppends - size)
    db.close()
    if (!audit(dataDir)) report.auditFailures++
    return report
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The ledger's size read from the file while the cloud runs (WAL: a reader sees committed rows). */
async function countLedgerWhileRunning(dataDir: string): Promise<number> {
  const file = path.join(dataDir, 'cloud.db')
  if (!existsSync(file)) return 0
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare('SELECT size FROM ledger_head WHERE id = 1').get() as { size: number }).size
  } finally {
    db.close()
  }
}
