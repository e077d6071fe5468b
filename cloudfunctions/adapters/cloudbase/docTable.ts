import type { z } from 'zod'
import type { DocDb } from './docDb'
import { checkReply, isDuplicateKeyError } from './dbErrors'

/**
 * One collection of one entity type, addressed by id only (CLOUDBASE.md: transactions and
 * atomic steps are document-by-id). The entity's id field becomes the document's `_id`;
 * documents read back are zod-parsed (STYLE.md: zod at the database edge too), which also
 * drops `_id`, `_openid` and anything else the database added.
 */
export class DocTable<T extends object, K extends keyof T & string> {
  constructor(
    private readonly db: DocDb,
    private readonly name: string,
    private readonly idKey: K,
    private readonly schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  ) {}

  private get coll() {
    return this.db.collection(this.name)
  }

  async get(id: string): Promise<T | null> {
    const reply = checkReply(await this.coll.doc(id).get())
    // node-sdk: an array (empty when missing); a single object or null inside a transaction.
    const rows = Array.isArray(reply.data) ? reply.data : reply.data ? [reply.data] : []
    if (rows.length === 0) return null
    const { _id, ...rest } = rows[0] as Record<string, unknown>
    return this.schema.parse({ ...rest, [this.idKey]: _id })
  }

  /** Insert with the entity's id as `_id`; throws (a duplicate-key error) if it is taken. */
  async insert(entity: T): Promise<void> {
    checkReply(await this.coll.add({ ...this.fields(entity), _id: entity[this.idKey] }))
  }

  /** Insert by id; false (nothing written) when the id is taken, so of racing callers one wins. */
  async insertOnce(entity: T): Promise<boolean> {
    try {
      await this.insert(entity)
      return true
    } catch (e) {
      if (isDuplicateKeyError(e)) return false
      throw e
    }
  }

  /**
   * Insert by id, or read the stored one when the id is taken (a racing caller's, or an earlier
   * call's): `created` says which. Of racing callers exactly one creates.
   */
  async ensure(entity: T): Promise<{ stored: T; created: boolean }> {
    try {
      await this.insert(entity)
      return { stored: entity, created: true }
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e
      const stored = await this.get(String(entity[this.idKey]))
      if (!stored) throw e
      return { stored, created: false }
    }
  }

  /** Create or replace the whole document (node-sdk `set` is an upsert and refuses `_id`). */
  async put(entity: T): Promise<void> {
    checkReply(await this.coll.doc(String(entity[this.idKey])).set(this.fields(entity)))
  }

  /** Unconditional field update of one document; returns how many documents changed. */
  async patch(id: string, fields: Partial<T>): Promise<number> {
    return checkReply(await this.coll.doc(id).update(fields)).updated ?? 0
  }

  /**
   * Conditional update on one document (CLOUDBASE.md "Conditional update"): true only if the
   * document still matched `condition` and was changed. The database applies match-and-write
   * atomically per document, so of many racing callers exactly one sees `updated === 1`.
   * Every caller's `fields` change a field named in `condition`, so "matched" equals "modified".
   */
  async patchIf(id: string, condition: Partial<T>, fields: Partial<T>): Promise<boolean> {
    const reply = checkReply(await this.coll.where({ ...condition, _id: id }).update(fields))
    return reply.updated === 1
  }

  /**
   * Documents whose top-level fields equal `query`, sorted by one field (`id` means `_id`).
   * Outside transactions only; at most 1,000 per call (CLOUDBASE.md), which the space's
   * per-person lists stay far below.
   */
  async list(query: Partial<T>, order: { by: string; dir: 'asc' | 'desc' }, page = { offset: 0, limit: 1000 }): Promise<T[]> {
    let q = this.coll.where(query).orderBy(order.by === this.idKey ? '_id' : order.by, order.dir)
    if (page.offset > 0) q = q.skip(page.offset)
    const reply = checkReply(await q.limit(page.limit).get())
    const rows = Array.isArray(reply.data) ? (reply.data as Array<Record<string, unknown>>) : []
    return rows.map(({ _id, ...rest }) => this.schema.parse({ ...rest, [this.idKey]: _id }))
  }

  private fields(entity: T): Omit<T, K> {
    const { [this.idKey]: _id, ...rest } = entity
    return rest as Omit<T, K>
  }
}
