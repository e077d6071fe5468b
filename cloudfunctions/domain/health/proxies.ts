/**
 * Seed 002 FAQ 10: a declarant has at most 2 proxies at once; a third is refused until one of the
 * two removes the declarant from their 申报人列表. FAQ 6: one proxy may file for many declarants.
 *
 * Why slots (CLOUDBASE.md): CloudBase transactions touch documents by id only, so "count the
 * proxies, then insert" is a race two filers can both win. Instead the limit is two documents
 * with deterministic ids, `proxy:<declarantKey>:1` and `:2`. A store claims one with
 * `add({ _id: slotId, holder })`; the database's uniqueness of `_id` makes the claim atomic:
 * success = the slot is ours, DATABASE_DUPLICATE_WRITE / E11000 / -502001 = someone holds it, so
 * re-read both slots and decide again (`decideProxySlot` below). Removing the declarant deletes
 * the holder's slot document (conditional on `holder`), which frees it for another proxy.
 * Self filing and the collector filing from the workbench (FAQ 17) take no slot.
 */
export const MAX_PROXIES = 2

export const PROXY_LIMIT_MESSAGE =
  '每个申报人可同时有 2 位代填人，超过 2 位后，需要原代填人在进入服务界面的“申报人列表”中删除申报人后，才能让另一位代填人为该申报人填报。'

/**
 * The declarant key is a keyed hash of (docType, document identity) computed by the caller
 * (documents.ts declarantKeyMaterial + FieldCipher.keyedHash), never a clear document number.
 * URL-safe characters only, so it cannot forge another declarant's slot id with ':'.
 */
const KEY = /^[A-Za-z0-9_-]{16,128}$/

export function proxySlotIds(declarantKey: string): [string, string] {
  if (!KEY.test(declarantKey)) throw new TypeError('declarantKey must be a keyed hash (16-128 URL-safe characters)')
  return [`proxy:${declarantKey}:1`, `proxy:${declarantKey}:2`]
}

/** A slot as read by id: `holder` is the proxy's account key, null when the document is absent. */
export interface SlotState {
  slotId: string
  holder: string | null
}

export type ProxyDecision =
  /** Already one of the two proxies: binding again (a second org, a re-tap of the card) is a no-op. */
  | { kind: 'holds'; slotId: string }
  /** Try `add({ _id: slotId })`; on a duplicate-key error, re-read and call again. */
  | { kind: 'claim'; slotId: string }
  | { kind: 'full'; message: string }

/** Pure: which step to take given the current slot documents (missing slots count as free). */
export function decideProxySlot(declarantKey: string, proxyKey: string, read: SlotState[]): ProxyDecision {
  const holders = new Map(read.map((s) => [s.slotId, s.holder]))
  const ids = proxySlotIds(declarantKey)
  const mine = ids.find((id) => holders.get(id) === proxyKey)
  if (mine) return { kind: 'holds', slotId: mine }
  const free = ids.find((id) => (holders.get(id) ?? null) === null)
  if (free) return { kind: 'claim', slotId: free }
  return { kind: 'full', message: PROXY_LIMIT_MESSAGE }
}

/**
 * Claim loop, written once against a tiny port so every store adapter gets it right. Each round
 * either ends or observes a slot that was free become taken; with two slots, three rounds suffice
 * unless slots are freed and retaken concurrently, in which case the caller may retry later.
 */
export interface SlotPort {
  read(slotIds: readonly string[]): Promise<SlotState[]>
  /** Insert with the given _id; false when the id already exists (duplicate), never overwrites. */
  tryAdd(slotId: string, holder: string): Promise<boolean>
}

export async function claimProxySlot(port: SlotPort, declarantKey: string, proxyKey: string): Promise<ProxyDecision> {
  const ids = proxySlotIds(declarantKey)
  for (let round = 0; round < 3; round++) {
    const decision = decideProxySlot(declarantKey, proxyKey, await port.read(ids))
    if (decision.kind !== 'claim') return decision
    if (await port.tryAdd(decision.slotId, proxyKey)) return { kind: 'holds', slotId: decision.slotId }
  }
  return { kind: 'full', message: PROXY_LIMIT_MESSAGE }
}
