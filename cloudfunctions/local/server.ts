import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
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
import { matchRoute, readTarget, routeNameOf, type RouteName } from './router'
export { LOCAL_ROUTES } from './router'
import { createLocalDeps } from './wiring'
import { consentRoutes } from './demo/routes'
import { counterRoutes } from './demo/counterRoutes'
import { auditOnce } from '../services/consent/ledger'
import type { AuditReport } from '../services/consent/ledgerAudit'
import { describeProblem, EMPTY_TREE } from '../domain/ledger/audit'
import { witnessHttp, type WitnessDeps } from '../services/witness/witness'

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
  const { deps, simulator, db, fixture, files, witness } = createLocalDeps(opts.config, opts.stores)
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

  // One handler per entry of LOCAL_ROUTES; `rest` is the decoded part of the path after a prefix.
  const handlers: Record<RouteName, (rest: string, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void> = {
    cloud: (name, req, res) => callFunction(functions, name, req, res),
    simulatedCamera: (verifyId, req, res) => reportSimulated(simulator, verifyId, req, res),
    demoUsers: (_r, _q, res) => sendJson(res, 200, demoUsers),
    localWitnesses: (_r, _q, res) =>
      sendJson(res, 200, {
        quorum: deps.ledgerWitnesses?.quorum ?? 0,
        witnesses: (deps.ledgerWitnesses?.witnesses ?? []).map((w) => ({ name: w.name, publicKey: w.publicKey, label: w.name === witness.key.name ? opts.config.WITNESS_LABEL : w.name })),
      }),
    healthz: (_r, _q, res) => sendJson(res, 200, { ok: true }),
    files: (id, _q, res, url) => serveFile(files, id, url, res),
    biz: (action, req, res) => consent.bizRoute(action, req, res),
    enrolmentDemo: (_r, _q, res) => consent.demoPage(res),
    counterApi: (action, req, res) => counter.apiRoute(action, req, res),
    counterDesk: (_r, req, res) => counter.page(new URL(req.url ?? '/', 'http://local').pathname === '/counter' ? '' : '/', res),
    counterKiosk: (_r, _q, res) => counter.page('/kiosk', res),
    counterAssets: (file, _q, res) => counter.page(`/assets/${file}`, res),
    counterDemo: (_r, _q, res) => counter.page('/demo.json', res),
    witness: (rest, req, res) => serveWitness(witness, rest, req, res),
    h5: (p, _q, res) => serveStatic(h5Dir, `/${p}`, res),
  }

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = readTarget(req.url)
    if (!target.ok) return sendJson(res, target.status, { ok: false, error: errorBody('BAD_REQUEST', target.message) })
    const match = matchRoute(target.url.pathname)
    if (!match.route.methods.includes(req.method as never)) {
      res.setHeader('allow', match.route.methods.join(', '))
      return sendJson(res, 405, { ok: false, error: errorBody('BAD_REQUEST', `不支持的请求方法，此地址只接受 ${match.route.methods.join('、')} 请求`) })
    }
    return handlers[match.route.name](match.rest, req, res, target.url)
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { ok: false, error: errorBody('BAD_REQUEST', '请求内容过大') })
      // Request bodies can hold personal data: log only the error class and the route, never the path's rest.
      console.error(`[local-cloud] ${String(req.method).slice(0, 10)} ${routeNameOf(req.url)}: ${(err as Error)?.name}`)
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: errorBody('INTERNAL') })
    })
  })
  // What node's HTTP parser refuses before any route sees it (a 100 kB path, a header past its
  // limit, a broken request line) gets the same envelope instead of a bare status line.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
    const status = tooLarge ? 431 : 400
    const text = JSON.stringify({ ok: false, error: errorBody('BAD_REQUEST', tooLarge ? '请求地址或请求头过长，请检查链接是否完整、正确' : '请求格式不正确') })
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${text}`,
    )
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
  const fn = functions.get(name)
  if (!fn) return sendJson(res, 404, { ok: false, error: errorBody('UNKNOWN_FUNCTION') })
  const body = await parseJson(req)
  if (!body.ok) return sendJson(res, 400, { ok: false, error: errorBody('BAD_REQUEST', '请求内容不是有效的 JSON') })
  const openid = req.headers['x-wx-openid']
  // Like CloudBase: the function returns its result; transport status stays 200.
  sendJson(res, 200, await fn(body.value, { OPENID: typeof openid === 'string' && openid ? openid : undefined }))
}

/**
 * The local witness's endpoints answer as tlog-witness says (plain text, 409 as text/x.tlog.size);
 * a path under /witness/ that names none, or a method an endpoint does not take, gets the envelope.
 */
async function serveWitness(witness: WitnessDeps, rest: string, req: IncomingMessage, res: ServerResponse) {
  const endpoint = rest === 'add-checkpoint' || /^[0-9a-f]{64}\/checkpoint$/.test(rest)
  if (!endpoint) return sendJson(res, 400, { ok: false, error: errorBody('BAD_REQUEST', '见证服务只有 add-checkpoint 和 <日志标识哈希>/checkpoint 两个地址') })
  const body = req.method === 'POST' ? await readBody(req) : ''
  const r = await witnessHttp(witness, String(req.method), rest, body)
  if (r.allow) {
    res.setHeader('allow', r.allow)
    return sendJson(res, 405, { ok: false, error: errorBody('BAD_REQUEST', `不支持的请求方法，此地址只接受 ${r.allow.replace(', ', '、')} 请求`) })
  }
  res.writeHead(r.status, { 'content-type': r.contentType, 'content-length': Buffer.byteLength(r.body), 'cache-control': 'no-store' })
  res.end(req.method === 'HEAD' ? undefined : r.body)
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
  if (!simulator.report(verifyId, parsed.data.outcome)) {
    return sendJson(res, 404, { ok: false, error: errorBody('VERIFICATION_NOT_FOUND') })
  }
  sendJson(res, 200, { ok: true, data: { recorded: parsed.data.outcome } })
}

function rowCounts(db: import('better-sqlite3').Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number)]))
}
