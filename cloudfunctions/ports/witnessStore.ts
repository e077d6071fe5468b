/**
 * What a witness (C2SP tlog-witness, services/witness/witness.ts) keeps: per log origin, the latest
 * checkpoint it cosigned. One document per origin, id = lower-case hex SHA-256 of the origin
 * (domain/ledger/witness.ts originHash), the same value the monitoring URL names.
 */
export interface WitnessRecord {
  /** Hex SHA-256 of `origin`: the document id. */
  id: string
  origin: string
  size: number
  /** Lower-case hex root of the tree of `size` entries. */
  rootHash: string
  /** The checkpoint note with the log's signature and this witness's cosignature, as served. */
  note: string
  /** When it was cosigned (ms). */
  at: number
}

export interface WitnessStore {
  get(id: string): Promise<WitnessRecord | null>
  /**
   * Keeps `next` in place of `expected` (its size and root; null: none kept yet), atomically: one
   * conditional write on the one document by id. False, nothing written, when the kept record is
   * no longer `expected` (a concurrent submission moved it): the caller decides again on what is
   * kept now, so the stored size never moves back and no size gets two roots.
   */
  advance(next: WitnessRecord, expected: { size: number; rootHash: string } | null): Promise<boolean>
}
