import { cosignCheckpoint, withCosignatures } from '../../domain/ledger/cosignature'
import { checkAddCheckpoint, decideOnKept, originHash, type TrustedLog } from '../../domain/ledger/witness'
import { ledgerSigner } from '../consent/ledgerSigner'
import { nodeVerify } from '../consent/nodeVerify'
import type { Clock } from '../../ports/clock'
import type { WitnessStore } from '../../ports/witnessStore'

/**
 * A transparency log witness (C2SP tlog-witness, https://c2sp.org/tlog-witness) for the consent
 * ledger: run by another party than the log (docs/DEPLOY.md "Witness"), with its own Ed25519 key
 * and its own store. It cosigns a checkpoint only if it extends the one it cosigned last for that
 * origin, so the log cannot show two histories and have both witnessed.
 */
export interface WitnessDeps {
  store: WitnessStore
  /** The witness's own key: its signed-note name (a schema-less URL) and 32-byte Ed25519 secret. */
  key: { name: string; secretKey: Uint8Array }
  /** The logs it witnesses: origin and the log's public key. */
  logs: TrustedLog[]
  clock: Clock
}

export interface WitnessReply {
  status: 200 | 400 | 403 | 404 | 409 | 422
  contentType: 'text/plain; charset=utf-8' | 'text/x.tlog.size'
  body: string
}

const text = (status: WitnessReply['status'], body: string): WitnessReply => ({ status, contentType: 'text/plain; charset=utf-8', body })
/** Decisions raced by concurrent submissions before giving up with the latest answer. */
const ATTEMPTS = 8

/**
 * `POST <prefix>/add-checkpoint`. Decides on the kept checkpoint, cosigns, keeps the new one by a
 * compare-and-set on the kept one (tlog-witness: check and persist atomically) and only then
 * answers; a lost race decides again on what the winner kept (a 409 when it moved on).
 */
export async function addCheckpoint(deps: WitnessDeps, body: string): Promise<WitnessReply> {
  // Checks that need nothing kept first (400 / 403 / 404): an unknown origin costs no read.
  const checked = checkAddCheckpoint(body, deps.logs, nodeVerify)
  if (checked.status !== 0) return text(checked.status, `${checked.reason}\n`)
  const origin = checked.request.origin
  const id = originHash(origin)
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const kept = await deps.store.get(id)
    const d = decideOnKept(checked.request, kept)
    if (d.status === 409) return { status: 409, contentType: 'text/x.tlog.size', body: `${d.size}\n` }
    if (d.status !== 200) return text(d.status, `${d.reason}\n`)
    const seconds = Math.max(1, Math.floor(deps.clock.now() / 1000))
    const line = cosignCheckpoint(d.request.note, deps.key.name, deps.key.secretKey, seconds, ledgerSigner(deps.key.secretKey))
    // The same tree it keeps (same size, same root, checked): cosigned again, the record unchanged.
    if (kept && kept.size === d.request.size) return text(200, line)
    const next = { id, origin, size: d.request.size, rootHash: d.request.rootHash, note: withCosignatures(d.request.note, line), at: deps.clock.now() }
    if (await deps.store.advance(next, kept && { size: kept.size, rootHash: kept.rootHash })) return text(200, line)
  }
  const kept = await deps.store.get(id)
  return { status: 409, contentType: 'text/x.tlog.size', body: `${kept?.size ?? 0}\n` }
}

/** `GET <prefix>/<hex SHA-256 of origin>/checkpoint`: the latest cosigned checkpoint, or 404. */
export async function witnessedCheckpoint(deps: Pick<WitnessDeps, 'store'>, hash: string): Promise<WitnessReply> {
  const kept = /^[0-9a-f]{64}$/.test(hash) ? await deps.store.get(hash) : null
  return kept ? text(200, kept.note) : text(404, 'no checkpoint cosigned for this log\n')
}

/** A body past this is no add-checkpoint request (63 proof lines and a note are a few kB). */
export const MAX_BODY = 64 * 1024

/**
 * The witness's HTTP interface under its prefix (`rest`: the path after it, without the leading
 * `/`): `POST add-checkpoint` and `GET <hex SHA-256 of origin>/checkpoint`. Shared by the deployed
 * `witness` function (HTTP access) and the local cloud's `/witness/` route.
 */
export async function witnessHttp(deps: WitnessDeps, method: string, rest: string, body: string): Promise<WitnessReply & { allow?: string }> {
  if (rest === 'add-checkpoint') {
    if (method !== 'POST') return { ...text(400, 'add-checkpoint takes POST\n'), allow: 'POST' }
    if (body.length > MAX_BODY) return text(400, 'request body too large\n')
    return addCheckpoint(deps, body)
  }
  const m = /^([0-9a-f]{64})\/checkpoint$/.exec(rest)
  if (m) {
    if (method !== 'GET' && method !== 'HEAD') return { ...text(400, 'checkpoint takes GET\n'), allow: 'GET, HEAD' }
    return witnessedCheckpoint(deps, m[1])
  }
  return text(404, 'not a witness endpoint\n')
}
