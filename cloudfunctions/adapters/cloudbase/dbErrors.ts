/** An error the database reported in a reply (node-sdk compatibility mode) or threw. */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'DbError'
  }
}

/** Throws when node-sdk resolved with `{ code }` instead of throwing (throwOnCode: false). */
export function checkReply<T extends { code?: string | number; message?: string }>(reply: T): T {
  if (reply && reply.code) throw new DbError(String(reply.code), reply.message ?? 'database error')
  return reply
}

/**
 * "This `_id` is taken". CLOUDBASE.md: `add` with an existing `_id` reports
 * DATABASE_DUPLICATE_WRITE, some paths report MongoDB's E11000 or errCode -502001, inside the
 * code or only inside the message: match all three wherever they appear.
 */
export function isDuplicateKeyError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false
  const { code, errCode, message, errMsg } = e as Record<string, unknown>
  const codes = [code, errCode].map((c) => String(c ?? ''))
  if (codes.some((c) => c === 'DATABASE_DUPLICATE_WRITE' || c === '-502001' || c === '11000')) return true
  const text = `${String(message ?? '')} ${String(errMsg ?? '')}`
  return /DATABASE_DUPLICATE_WRITE|E11000|-502001|duplicate key/i.test(text)
}
