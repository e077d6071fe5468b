import { createHash } from 'node:crypto'

/** Sessions are stored under SHA-256(token): a database leak does not hand out live tokens. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * A session token is `<identity id>.<secret>`: the identity id (a keyed hash of the ID number,
 * a pseudonym, never the number) lets requireSession read the session and its identity in one
 * round trip instead of two. The whole token is hashed into the session id, so a changed prefix
 * finds no session; the prefix is also checked against the session's own identityId.
 */
export function mintSessionToken(identityId: string, secret: string): string {
  return `${identityId}.${secret}`
}

const HINTED = /^([0-9a-f]{64})\.[A-Za-z0-9_-]{16,}$/

/** The identity id a token names, or null for a token without one (older logins, tests). */
export function identityHintOf(token: string): string | null {
  return HINTED.exec(token)?.[1] ?? null
}
