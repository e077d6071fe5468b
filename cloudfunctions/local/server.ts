import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { SimulatedVerifyBody } from '../../types/simulation'
import type { Config } from '../config'
import type { SimulatedFaceVerifier } from '../adapters/face-sim/simulatedVerifier'
import type { LocalFileStore } from '../adapters/files-local/localFileStore'
import { errorBody } from '../domain/errors'
import { registry, type CloudFunction } from '../functions/registry'
import type { AppDeps } from '../services/appDeps'
import { demoUsersFrom } from './demoUsers'
import { BodyTooLarge, readBody, sendJson } from './http'
import { serveStatic } from './static'
import { createLocalDeps } from './wiring'
import { consentRoutes } from './demo/routes'
import { counterRoutes } from './demo/counterRoutes'
import { auditOnce } from '../services/consent/ledger'
import type { AuditReport } from '../services/consent/ledgerAudit'
import { describeProblem, EMPTY_TREE } from '../domain/ledger/audit'

export interface LocalCloud {
  url: string
  close(): Promise<void>
  deps: AppDeps
  simulator: SimulatedFaceVerifier
  /** The seeded demo enrolment system's API key (`Authorization: Bearer <key>` on /biz/*). */
  demoBizKey: string
  /** The seeded demo counter's staff account (`POST /counter/api/signIn`). */
  demoCounter: { operatorId: string; password: string }
  /** The consent ledger's audit run at this start; a failure is also printed as a warning. */
  ledgerAudit: AuditReport
  /** Rows per table of the local SQLite file: what a refused call must leave unchanged (tests, chaos). */
  rowCounts(): Record<string, number>
}

/**
 * The local cloud (ARCHITECTURE.md): every function over `POST /cloud/<name>`, the simulated
 * camera, demo users and the H5 build. It trusts X-WX-OPENID, so it is a development runtime only.
 */
export async function startLocalCloud(opts: {
  config: Config
  h5Dir?: string
  /** The counter desk app's build (npm run build:desk); default dist/desk. */
  deskDir?: string
  port?: number
  stores?: 'memory'
}): Promise<LocalCloud> {
  const { deps, simulator, db, fixture, files } = createLocalDeps(opts.config, opts.stores)
  // Every start audits the whole consent ledger: a changed byte is reported now, not by one holder's phone.
  // A store that cannot be read to the end is reported the same way; the start goes on.
  const ledgerAudit: AuditReport = await auditOnce(deps, 'full').catch((e: unknown) => ({
    ok: false as const,
    problem: { kind: 'unreadable' as const, index: null, what: e instanceof Error ? `${e.name}: ${e.message}` : 'error' },
    tree: EMPTY_TREE,
  }))
  if (!ledgerAudit.ok) {
    console.warn(`警告：授权账本自检未通过（LEDGER_TAMPERED）——${describeProblem(ledgerAudit.problem)}。在修复前不会签发新的检查点；详见 npm run ledger:audit。`)
  }
  const demoUsers = demoUsersFrom(fixture)
  const functions = new Map<string, CloudFunction>(Object.entries(registry).map(([name, make]) => [name, make(deps)]))
  const h5Dir = opts.h5Dir ?? path.resolve('dist/h5')
  const consent = await consentRoutes(deps, opts.config)
  const counter = await counterRoutes(deps, opts.config, demoUsers.flatMap((u) => (u.suggested ? [u.suggested] : [])), opts.deskDir)

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local')
    const p = url.pathname
    if (req.method === 'POST' && p.startsWith('/cloud/')) return callFunction(functions, p.slice(7), req, res)
    if (req.method === 'POST' && p.startsWith('/sim/verify/')) return reportSimulated(simulator, p.slice(12), req, res)
    if (req.method === 'GET' && p === '/local/demo-users') return sendJson(res, 200, demoUsers)
    if (req.method === 'GET' && p === '/healthz') return sendJson(res, 200, { ok: true })
    if (req.method === 'GET' && p.startsWith('/files/')) return serveFile(files, p.slice(7), url, res)
    if (req.method === 'POST' && p.startsWith('/biz/')) return consent.bizRoute(p.slice(5), req, res)
    if (req.method === 'GET' && (p === '/demo/enrolment' || p === '/demo/enrolment/')) return consent.demoPage(res)
    if (req.method === 'POST' && p.startsWith('/counter/api/')) return counter.apiRoute(p.slice(13), req, res)
    if ((req.method === 'GET' || req.method === 'HEAD') && (p === '/counter' || p.startsWith('/counter/'))) return counter.page(p.slice(8), res)
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(h5Dir, p, res)
    sendJson(res, 405, { ok: false, error: errorBody('BAD_REQUEST', '不支持的请求方法') })
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { ok: false, error: errorBody('BAD_REQUEST', '请求内容过大') })
      // Request bodies can hold personal data: log only the error class.
      console.error(`[local-cloud] ${req.method} ${new URL(req.url ?? '/', 'http://local').pathname}: ${(err as Error)?.name}`)
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: errorBody('INTERNAL') })
    })
  })
  const port = opts.port ?? opts.config.PORT
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, opts.config.HOST, () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  // Request links and QR codes open the H5 app on this same server.
  deps.consentConfig.appBaseUrl = url
  return {
    url,
    deps,
    demoBizKey: consent.demoKey,
    demoCounter: counter.demo,
    simulator,
    ledgerAudit,
    rowCounts: () => rowCounts(db.db),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          db.close()
          resolve()
        })
      }),
  }
}

async function parseJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await readBody(req)
  try {
    return { ok: true, value: text.trim() === '' ? {} : JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

async function callFunction(functions: Map<string, CloudFunction>, name: string, req: IncomingMessage, res: ServerResponse) {
  const fn = functions.get(decodeURIComponent(name))
  if (!fn) return sendJson(res, 404, { ok: false, error: errorBody('UNKNOWN_FUNCTION') })
  const body = await parseJson(req)
  if (!body.ok) return sendJson(res, 400, { ok: false, error: errorBody('BAD_REQUEST', '请求内容不是有效的 JSON') })
  const openid = req.headers['x-wx-openid']
  // Like CloudBase: the function returns its result; transport status stays 200.
  sendJson(res, 200, await fn(body.value, { OPENID: typeof openid === 'string' && openid ? openid : undefined }))
}

/** A signed, expiring export link (adapters/files-local): the file, or 403 for a tampered or expired link. */
function serveFile(files: LocalFileStore, id: string, url: URL, res: ServerResponse) {
  const answer = files.open(id, url.searchParams.get('exp'), url.searchParams.get('sig'))
  if (answer.status === 200) {
    res.writeHead(200, answer.headers)
    res.end(answer.body)
    return
  }
  const text = answer.status === 403 ? '下载链接无效或已过期，请重新导出' : '文件已删除，请重新导出'
  sendJson(res, answer.status, { ok: false, error: errorBody(answer.status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', text) })
}

async function reportSimulated(simulator: SimulatedFaceVerifier, verifyId: string, req: IncomingMessage, res: ServerResponse) {
  const body = await parseJson(req)
  const parsed = body.ok ? SimulatedVerifyBody.safeParse(body.value) : null
  if (!parsed?.success) return sendJson(res, 400, { ok: false, error: errorBody('BAD_REQUEST', '模拟结果应为 pass、no_record 或 failed') })
  if (!simulator.report(decodeURIComponent(verifyId), parsed.data.outcome)) {
    return sendJson(res, 404, { ok: false, error: errorBody('VERIFICATION_NOT_FOUND') })
  }
  sendJson(res, 200, { ok: true, data: { recorded: parsed.data.outcome } })
}

function rowCounts(db: import('better-sqlite3').Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number)]))
}
