import type Database from 'better-sqlite3'

/**
 * Group commit for a write that must be durable before it is acknowledged. With
 * `synchronous = FULL` every commit waits for the disk, so at the morning peak the disk, not
 * the CPU, set the pace: one fsync per declaration. Calls made while the event loop is busy are
 * queued and, on the next turn, run together inside one transaction, each in its own savepoint
 * (better-sqlite3 nests a transaction function as a SAVEPOINT). So one caller's refusal or error
 * rolls back only that caller's writes, and all of them are committed by one fsync. No promise
 * settles before that commit: an acknowledged write is on disk. If the commit itself fails,
 * every caller in the group gets the error and none of their writes stays.
 */
export function groupCommit<A extends unknown[], R>(db: Database.Database, step: (...args: A) => R): (...args: A) => Promise<R> {
  const single = db.transaction(step)
  let queue: Array<{ args: A; resolve: (r: R) => void; reject: (e: unknown) => void }> = []

  const flush = () => {
    const batch = queue
    queue = []
    const outcomes: Array<{ ok: true; value: R } | { ok: false; error: unknown }> = []
    try {
      db.transaction(() => {
        for (const { args } of batch) {
          try {
            outcomes.push({ ok: true, value: single(...args) })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      }).immediate()
    } catch (error) {
      for (const b of batch) b.reject(error)
      return
    }
    batch.forEach((b, i) => {
      const o = outcomes[i]
      if (o.ok) b.resolve(o.value)
      else b.reject(o.error)
    })
  }

  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ args, resolve, reject })
    })
}
