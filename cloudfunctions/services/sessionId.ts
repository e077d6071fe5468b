import { createHash } from 'node:crypto'

/** Sessions are stored under SHA-256(token): a database leak does not hand out live tokens. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}
