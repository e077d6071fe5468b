import type Database from 'better-sqlite3'
import { z } from 'zod'
import type { WitnessRecord, WitnessStore } from '../../ports/witnessStore'

const Row = z.object({
  id: z.string(),
  origin: z.string(),
  size: z.number().int().min(0),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string(),
  at: z.number().int(),
})

/**
 * The witness's kept checkpoints on SQLite (table witness_checkpoints): an advance is one
 * statement (insert when none kept, or update naming the kept size and root), so of racing
 * submissions exactly one moves a given state on.
 */
export function sqliteWitnessStore(db: Database.Database): WitnessStore {
  const q = {
    get: db.prepare('SELECT id, origin, size, rootHash, note, at FROM witness_checkpoints WHERE id = ?'),
    insert: db.prepare('INSERT OR IGNORE INTO witness_checkpoints (id, origin, size, rootHash, note, at) VALUES (@id, @origin, @size, @rootHash, @note, @at)'),
    update: db.prepare(
      `UPDATE witness_checkpoints SET size = @size, rootHash = @rootHash, note = @note, at = @at
       WHERE id = @id AND size = @expectedSize AND rootHash = @expectedRoot`,
    ),
  }
  return {
    get: async (id) => {
      const row = q.get.get(id)
      return row === undefined ? null : Row.parse(row)
    },
    advance: async (next: WitnessRecord, expected) =>
      expected === null
        ? q.insert.run(next).changes === 1
        : q.update.run({ ...next, expectedSize: expected.size, expectedRoot: expected.rootHash }).changes === 1,
  }
}
