import { z } from 'zod'
import { DayString, HealthForm } from '../../types/health'

/**
 * The daily declarations kept on the phone until the server has them (a weak network at the school
 * gate). Pure: storage, transport and clock are handed in, so the rules are tested without Taro
 * (test/unit/health.outbox.test.ts) and the app wires them once (healthOutbox.ts).
 *
 * Only a health declaration can be queued: an entry is this schema and nothing else, and it is
 * sent as `submitDeclaration` only. Consent, a counter confirmation and a face check are live acts
 * and never pass through here (test/unit/health.outbox.test.ts checks every caller).
 */
export const OUTBOX_KEY = 'health.outbox'
/** A declaration's request gives up after this long; the entry stays queued (the server may still have it: the same id is a replay). */
export const SEND_TIMEOUT_MS = 8000
/** More than any family files in two days; the oldest settled entries go first. */
const MAX_ENTRIES = 20

const ErrorView = z.object({ code: z.string().max(40), message: z.string().max(200), hint: z.string().max(300) })
export const OutboxEntry = z.object({
  clientId: z.string().uuid(),
  /** Whose phone session filed it: the session token's identity pseudonym (never a name). */
  owner: z.string().min(1).max(128),
  orgId: z.string().min(1).max(64),
  declarantId: z.string().min(1).max(64),
  /** The China day it was filled for, as the form showed it: a resend after midnight still files that day. */
  day: DayString,
  /** Masked, for the list when the server cannot be reached (**涵 · 三年级二班). */
  maskedName: z.string().max(40),
  orgName: z.string().max(60),
  savedAt: z.number(),
  /** queued (待发送) → sent (已提交) or refused (未能提交); 'sending' only while a request is out. */
  state: z.enum(['queued', 'sending', 'sent', 'refused']),
  /** Kept only while unsent: the answers the server needs, nothing else. */
  form: HealthForm.optional(),
  sentAt: z.number().optional(),
  late: z.boolean().optional(),
  /** refused: the server's reason and next step; queued: why the last try did not get through. */
  error: ErrorView.optional(),
  tries: z.number().int().nonnegative().default(0),
})
export type OutboxEntry = z.infer<typeof OutboxEntry>
export type NewDeclaration = Pick<OutboxEntry, 'clientId' | 'owner' | 'orgId' | 'declarantId' | 'day' | 'maskedName' | 'orgName'> & { form: HealthForm }

export type SendOutcome =
  | { kind: 'sent'; submittedAt: number; late: boolean; day: string }
  /** No answer (offline, timeout) or one worth trying again (session to renew, server busy): stays queued. */
  | { kind: 'retry'; error: z.infer<typeof ErrorView> }
  /** The server refused (deadline passed and already filed, day locked, not a member…): another try cannot change it. */
  | { kind: 'refused'; error: z.infer<typeof ErrorView> }

export interface OutboxPorts {
  read(): unknown
  write(entries: OutboxEntry[]): void
  send(entry: OutboxEntry & { form: HealthForm }): Promise<SendOutcome>
  now(): number
}

/** Codes a later resend can get past (the network, a session to renew, a busy server); every other refusal is final. */
export const RETRYABLE = new Set(['NETWORK', 'INTERNAL', 'SESSION_EXPIRED', 'SESSION_REPLACED', 'NOT_LOGGED_IN'])

type DayKey = Pick<OutboxEntry, 'owner' | 'orgId' | 'declarantId' | 'day'>
const sameDay = (a: DayKey, b: DayKey) => a.owner === b.owner && a.orgId === b.orgId && a.declarantId === b.declarantId && a.day === b.day

export function createOutbox(ports: OutboxPorts) {
  /** Client ids with a request out now (this process): the one lock against two sends of one entry. */
  const inFlight = new Map<string, Promise<OutboxEntry | null>>()
  const listeners = new Set<() => void>()
  let flushing: Promise<void> | null = null

  /** What storage holds, each entry checked; an entry marked sending by a process that died is queued again. */
  function entries(): OutboxEntry[] {
    const raw = ports.read()
    if (!Array.isArray(raw)) return []
    const out: OutboxEntry[] = []
    for (const r of raw) {
      const p = OutboxEntry.safeParse(r)
      if (!p.success) continue
      const e = p.data
      out.push(e.state === 'sending' && !inFlight.has(e.clientId) ? { ...e, state: 'queued' } : e)
    }
    return out
  }

  function save(list: OutboxEntry[]): void {
    // Settled entries past the day before yesterday are of no use to anyone; the newest stay.
    const keep = list.filter((e) => e.state === 'queued' || e.state === 'sending' || ports.now() - e.savedAt < 3 * 86_400_000)
    const settled = keep.filter((e) => e.state === 'sent' || e.state === 'refused')
    const drop = new Set(settled.slice(0, Math.max(0, keep.length - MAX_ENTRIES)).map((e) => e.clientId))
    ports.write(keep.filter((e) => !drop.has(e.clientId)))
    for (const l of listeners) l()
  }

  function update(clientId: string, patch: (e: OutboxEntry) => OutboxEntry): OutboxEntry | null {
    const list = entries()
    const i = list.findIndex((e) => e.clientId === clientId)
    if (i < 0) return null
    list[i] = patch(list[i])
    save(list)
    return list[i]
  }

  /**
   * Saved before anything is sent. A newer declaration for the same declarant, org and day replaces
   * an older one not yet sent (only the latest counts, FAQ 8) unless that one's request is out.
   */
  function enqueue(d: NewDeclaration): OutboxEntry {
    const entry = OutboxEntry.parse({ ...d, savedAt: ports.now(), state: 'queued', tries: 0 })
    const list = entries().filter((e) => !(sameDay(e, entry) && !inFlight.has(e.clientId)) || e.clientId === entry.clientId)
    save([...list.filter((e) => e.clientId !== entry.clientId), entry])
    return entry
  }

  /** One send of one entry; a second call while its request is out gets the same answer, never a second request. */
  function send(clientId: string): Promise<OutboxEntry | null> {
    const running = inFlight.get(clientId)
    if (running) return running
    const entry = entries().find((e) => e.clientId === clientId)
    if (!entry || entry.state !== 'queued' || !entry.form) return Promise.resolve(entry ?? null)
    // Registered before it starts: a listener woken by the first write already sees 发送中.
    const run = Promise.resolve().then(async () => {
      update(clientId, (e) => ({ ...e, state: 'sending', tries: e.tries + 1 }))
      let outcome: SendOutcome
      try {
        outcome = await ports.send({ ...entry, form: entry.form! })
      } catch {
        outcome = { kind: 'retry', error: { code: 'NETWORK', message: '网络异常，请检查网络后重试', hint: '' } }
      }
      inFlight.delete(clientId)
      return update(clientId, (e) => {
        if (outcome.kind === 'sent') {
          const { form: _f, error: _e, ...rest } = e
          return { ...rest, state: 'sent', sentAt: outcome.submittedAt, late: outcome.late, day: outcome.day }
        }
        if (outcome.kind === 'refused') {
          const { form: _f, ...rest } = e
          return { ...rest, state: 'refused', error: outcome.error }
        }
        return { ...e, state: 'queued', error: outcome.error }
      })
    })
    inFlight.set(clientId, run)
    return run
  }

  /**
   * Every queued entry of this owner, oldest first, one request at a time; stops at the first that
   * gets no answer (the others would not either). One flush at a time: a second caller joins it.
   */
  function flush(owner: string | null): Promise<void> {
    if (!owner) return Promise.resolve()
    if (flushing) return flushing
    // Started on a later turn: `flushing` is set before its body can end (an empty queue ends at once).
    const run = Promise.resolve().then(async () => {
      try {
        for (const e of entries().filter((x) => x.owner === owner && x.state === 'queued')) {
          const after = await send(e.clientId)
          if (after?.state === 'queued') break
        }
      } finally {
        flushing = null
      }
    })
    flushing = run
    return run
  }

  /** 知道了 on a 未能提交 entry: the reason was read, the entry goes. */
  function dismiss(clientId: string): void {
    save(entries().filter((e) => e.clientId !== clientId || e.state !== 'refused'))
  }

  /** The entries this owner sees, with 发送中 only for a request out now. */
  function mine(owner: string | null): OutboxEntry[] {
    return owner ? entries().filter((e) => e.owner === owner) : []
  }

  function subscribe(l: () => void): () => void {
    listeners.add(l)
    return () => void listeners.delete(l)
  }

  return { enqueue, send, flush, dismiss, mine, entries, subscribe, isSending: (id: string) => inFlight.has(id) }
}
export type Outbox = ReturnType<typeof createOutbox>

/** The latest entry per declarant, org and day (what the list shows for that day). */
export function latestFor(list: OutboxEntry[], orgId: string, declarantId: string): OutboxEntry | null {
  let best: OutboxEntry | null = null
  for (const e of list) if (e.orgId === orgId && e.declarantId === declarantId && (!best || e.day > best.day || (e.day === best.day && e.savedAt >= best.savedAt))) best = e
  return best
}
