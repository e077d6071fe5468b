import { z } from 'zod'
import type { WitnessRecord, WitnessStore } from '../../ports/witnessStore'
import type { DocDb } from './docDb'
import { DocTable } from './docTable'

/** The witness's collection (docs/DEPLOY.md "Witness"): one document per log origin. */
export const WITNESS_COLLECTIONS = { checkpoints: 'witness_checkpoints' } as const

const Record_: z.ZodType<WitnessRecord, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  origin: z.string(),
  size: z.number().int().min(0),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string(),
  at: z.number().int(),
})

/**
 * The witness's kept checkpoints on the CloudBase document database: the first one is an `add`
 * under the origin's id (of racing submissions one creates it), later ones a conditional update
 * on that id naming the kept size and root (CLOUDBASE.md: atomic by document id). Every advance
 * changes the size (a larger tree), so "matched" equals "modified".
 */
export function createCloudBaseWitnessStore(db: DocDb, name: string = WITNESS_COLLECTIONS.checkpoints): WitnessStore {
  const table = new DocTable<WitnessRecord, 'id'>(db, name, 'id', Record_)
  return {
    get: (id) => table.get(id),
    advance: async (next, expected) => {
      if (expected === null) return table.insertOnce(next)
      const { id: _id, ...fields } = next
      return table.patchIf(next.id, { size: expected.size, rootHash: expected.rootHash }, fields)
    },
  }
}
