/**
 * Load chaos: LOAD_SECONDS (default 30) of declarations at full speed against the local
 * cloud in its own process: p50/p99, the error rate, and the server's resident memory before and
 * after (a leak shows as growth beyond noise). Printed, never asserted.
 */
import autocannon from 'autocannon'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { form, idFor, post, startServer } from './crash'

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

export async function loadChaos(seconds: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chaos-load-'))
  const server = await startServer(dataDir)
  try {
    const url = server.url
    const login = async (openid: string, name: string, idNumber: string) => {
      const s = await post(`${url}/cloud/auth`, { action: 'startVerification', purpose: 'login', method: 'face', name, idNumber }, openid)
      await post(`${url}/sim/verify/${encodeURIComponent(s.data.verifyId)}`, { outcome: 'pass' })
      return (await post(`${url}/cloud/auth`, { action: 'completeVerification', verifyId: s.data.verifyId }, openid)).data.sessionToken as string
    }
    const t = { openid: 'o-load-t', token: await login('o-load-t', '黄老师', idFor(900, '19800101')) }
    const { org } = (await post(`${url}/cloud/health`, { action: 'createOrg', sessionToken: t.token, name: '压力测试班', deadline: '22:00', frequency: 'daily' }, t.openid)).data
    const card = (await post(`${url}/cloud/health`, { action: 'issueInvite', sessionToken: t.token, orgId: org.orgId }, t.openid)).data
    const filers: Array<{ openid: string; token: string; declarantId: string }> = []
    for (let i = 0; i < 30; i++) {
      const f = { openid: `o-load-${i}`, token: await login(`o-load-${i}`, `学生${i}`, idFor(100 + i, '20100101')) }
      const j = (await post(`${url}/cloud/health`, { action: 'joinByInvite', sessionToken: f.token, ticket: card.ticket, join: { as: 'self' } }, f.openid)).data
      filers.push({ ...f, declarantId: j.declarant.declarantId })
    }
    const run = (duration: number) =>
      autocannon({
        url: `${url}/cloud/health`, method: 'POST', connections: 32, duration,
        requests: [{
          setupRequest: (req: any) => {
            const f = filers[Math.floor(Math.random() * filers.length)]
            return { ...req, headers: { 'content-type': 'application/json', 'x-wx-openid': f.openid }, body: JSON.stringify({ action: 'submitDeclaration', sessionToken: f.token, orgId: org.orgId, declarantId: f.declarantId, day: 'today', clientId: randomUUID(), form }) }
          },
        }],
      } as any) as Promise<autocannon.Result>
    await run(3) // warm up: JIT, SQLite caches, the first group commits
    const before = rssMb(server.child.pid!)
    const r = await run(seconds)
    await new Promise((res) => setTimeout(res, 1000))
    const after = rssMb(server.child.pid!)
    const errors = r.errors + r.non2xx + r.timeouts
    console.log(`load chaos: ${seconds} s of declarations, 32 connections, local cloud in its own process`)
    console.log(`  ${r.requests.total} requests, ${(r.requests.total / seconds).toFixed(0)}/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${errors} (${((errors / Math.max(1, r.requests.total)) * 100).toFixed(2)}%)`)
    console.log(`  server RSS ${before.toFixed(0)} MB after warm-up → ${after.toFixed(0)} MB after the run (${after >= before ? '+' : ''}${(after - before).toFixed(0)} MB)`)
  } finally {
    server.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}
