/** Time and randomness are passed in (STYLE.md): domain code never reads them itself. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export interface IdGenerator {
  /** A unique, URL-safe id, e.g. for documents and out_seq_no (5–32 chars for WeChat). */
  id(): string
  /** An unguessable secret (session tokens): at least 128 bits, URL-safe. */
  secret(): string
}
