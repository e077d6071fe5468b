import { verifyCosignatures, withCosignatures, type WitnessKey } from '../../domain/ledger/cosignature'
import { fromHex, type Hash } from '../../domain/ledger/hash'
import { consistencyProof } from '../../domain/ledger/proofs'
import { addCheckpointBody } from '../../domain/ledger/witness'
import type { LedgerStore } from '../../ports/consentStores'
import { addCheckpoint, type WitnessDeps } from '../witness/witness'
import { nodeVerify } from './nodeVerify'

/**
 * The log asks its witnesses (C2SP tlog-witness) to cosign each checkpoint it signs, so a phone
 * can refuse a checkpoint no independent party has seen (a split view: one history shown to one
 * parent, another to the next). Each witness is reached over HTTP (deployed: another party's
 * CloudBase environment) or in-process (the local cloud).
 */
export interface WitnessClient extends WitnessKey {
  /** One add-checkpoint call: the status and the response body. */
  submit(body: string): Promise<{ status: number; body: string }>
}

export interface LedgerWitnesses {
  /** Valid cosignatures a checkpoint needs before a proof may carry it. */
  quorum: number
  witnesses: WitnessClient[]
}

/** A witness at `url` (its submission prefix): `POST <url>/add-checkpoint`. */
export function httpWitness(key: WitnessKey, url: string, fetchFn: typeof fetch = (i, init) => fetch(i, init), timeoutMs = 3_000): WitnessClient {
  const endpoint = `${url.replace(/\/+$/, '')}/add-checkpoint`
  return {
    ...key,
    submit: async (body) => {
      const res = await fetchFn(endpoint, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(timeoutMs) })
      return { status: res.status, body: await res.text() }
    },
  }
}

/** A witness running in this process (the local cloud): the same service, no network. */
export function inProcessWitness(deps: WitnessDeps, publicKey: string): WitnessClient {
  return { name: deps.key.name, publicKey, submit: (body) => addCheckpoint(deps, body) }
}

/**
 * The deployed log's witnesses: LEDGER_WITNESSES (each another party's `witness` function reached
 * over HTTP) and LEDGER_WITNESS_QUORUM. None listed with a quorum above 0: every proof is refused
 * (LEDGER_UNWITNESSED) rather than served unwitnessed.
 */
export function configuredWitnesses(listed: Array<WitnessKey & { url: string }> | null, quorum: number): LedgerWitnesses {
  return { quorum, witnesses: (listed ?? []).map((w) => httpWitness({ name: w.name, publicKey: w.publicKey }, w.url)) }
}

/** Where each witness was last seen to be, per ledger (its size), so the next submission starts there. */
const lastKnown = new WeakMap<LedgerStore, Map<string, number>>()
const knownOf = (ledger: LedgerStore) => {
  let m = lastKnown.get(ledger)
  if (!m) lastKnown.set(ledger, (m = new Map()))
  return m
}

const sizeOfNote = (note: string): number => Number(note.split('\n')[1])

/** The configured witnesses whose valid cosignatures are on `note` (name and time). */
export function cosignersOf(w: LedgerWitnesses | undefined, note: string): Array<{ name: string; time: number }> {
  if (!w || w.witnesses.length === 0) return []
  // The kept note is checked on every proof: remembered per witness list and note.
  let byNote = checked.get(w.witnesses)
  if (!byNote) checked.set(w.witnesses, (byNote = new Map()))
  const hit = byNote.get(note)
  if (hit) return hit
  const found = verifyCosignatures(note, w.witnesses, nodeVerify)
  if (byNote.size >= 16) byNote.clear()
  byNote.set(note, found)
  return found
}
const checked = new WeakMap<WitnessClient[], Map<string, Array<{ name: string; time: number }>>>()

/**
 * The size each witness is likely at: what this process last saw, else (a cold instance) the kept
 * checkpoint's size for a witness whose cosignature is on it, else 0. The submissions start there,
 * so their consistency proofs can be read before the checkpoint is even signed.
 */
export function expectedOldSizes(deps: { consent: { ledger: LedgerStore }; ledgerWitnesses?: LedgerWitnesses }, kept: string | null | undefined): Map<string, number> {
  const known = knownOf(deps.consent.ledger)
  const out = new Map<string, number>()
  for (const w of deps.ledgerWitnesses?.witnesses ?? []) {
    const k = known.get(w.name)
    out.set(w.name, k ?? (kept && verifyCosignatures(kept, [w], nodeVerify).length > 0 ? sizeOfNote(kept) : 0))
  }
  return out
}

/** A consistency proof from `old` to `size` read from the store's nodes (one read). */
export async function storeProof(ledger: LedgerStore, old: number, size: number, atSize?: number): Promise<Hash[]> {
  if (old <= 0 || old >= size) return []
  const keys = new Set<string>()
  const placeholder = new Uint8Array(32)
  try {
    consistencyProof(old, size, (l, i) => (keys.add(`${l}:${i}`), placeholder))
  } catch {
    // the keys recorded are still the ones needed
  }
  const got = await ledger.nodes([...keys], atSize)
  return consistencyProof(old, size, (l, i) => {
    const h = got.get(`${l}:${i}`)
    return h ? fromHex(h) ?? undefined : undefined
  })
}

/**
 * Submits `note` (the log-signed checkpoint of `size`) to every witness at once, each from where it
 * was last seen, once more from the size a 409 names; returns the note with the valid cosignatures
 * added (a line that does not verify is dropped). A witness that fails or refuses adds nothing.
 */
export async function gatherCosignatures(
  deps: { consent: { ledger: LedgerStore }; ledgerWitnesses?: LedgerWitnesses },
  note: string,
  size: number,
  proofFrom: (old: number) => Promise<Hash[]>,
  olds: Map<string, number> = expectedOldSizes(deps, null),
): Promise<string> {
  const known = knownOf(deps.consent.ledger)
  const lines = await Promise.all(
    (deps.ledgerWitnesses?.witnesses ?? []).map(async (w) => {
      let old = olds.get(w.name) ?? 0
      for (let attempt = 0; attempt < 2 && old <= size; attempt++) {
        try {
          const r = await w.submit(addCheckpointBody(old, await proofFrom(old), note))
          if (r.status === 200) {
            known.set(w.name, size)
            const mine = r.body.split('\n').filter((l) => l.startsWith(`\u2014 ${w.name} `)).map((l) => `${l}\n`).join('')
            return verifyCosignatures(withCosignatures(note, mine), [w], nodeVerify).length > 0 ? mine : ''
          }
          if (r.status !== 409 || !/^(0|[1-9][0-9]*)\n$/.test(r.body)) break
          old = Number(r.body.trim())
          known.set(w.name, old)
        } catch {
          break // unreachable or slow: no cosignature from it this time
        }
      }
      return ''
    }),
  )
  return withCosignatures(note, lines.join(''))
}
