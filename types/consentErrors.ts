/**
 * Error codes of the consent function and the business-system API (SPEC §4), merged into
 * types/errors.ts ErrorCode. Kept in their own file so types/errors.ts only spreads them.
 */
export const CONSENT_ERROR_CODES = [
  'REQUEST_NOT_FOUND', // no request with this 授权码
  'REQUEST_EXPIRED', // past the request's validity: nothing can be signed any more
  'PART_NOT_FOUND', // the request asks for no such credential
  'PART_UNAVAILABLE', // that part cannot be authorized online (collective household ...)
  'ALREADY_SIGNED', // someone already signed that part
  'NOT_SIGNED', // revoke of a part that is not signed
  'NOT_RIGHTFUL_SIGNER', // the register by the head, a property by an owner, the birth certificate by a parent
  'REQUEST_NOT_RELATED', // the caller has no tie to the student at all (a wrong or someone else's code)
  'SIGNER_SHOULD_SIGN', // 无法在线授权 from someone who can sign that part: they sign instead
  'OPTION_INVALID', // the chosen property is not one of the caller's, or not at the register address
  'SCOPE_INVALID', // fields outside what the request asks for, or none at all
  'CONSENT_NOT_FOUND',
  'CONSENT_REVOKED',
  'CONSENT_EXPIRED',
  'CONSENT_NOT_REVOKED', // re-authorize only what was revoked
  'CONSENT_SUPERSEDED', // re-authorize only the consent the part still stands revoked by (not an older or withdrawn one)
  'CONFLICT', // too many concurrent changes to one request: retry
  'BIZ_UNAUTHORIZED', // business system: missing or wrong API credential
  'BIZ_OUTSIDE_ALLOWLIST', // business system asked for fields it is not registered for
  'BIZ_READ_REFUSED', // read outside a valid consent: refused and recorded
  'LEDGER_TAMPERED', // the ledger fails its self-audit (domain/ledger/audit.ts): no checkpoint is signed
  'RECORD_ALTERED', // this consent's own ledger record no longer matches its hash in the tree
  'RECEIPT_PENDING', // a record of the consent is promised by the ledger, not yet in its tree: no receipt yet
  'LEDGER_UNWITNESSED', // fewer witnesses than the quorum cosigned the checkpoint: no proof goes out unwitnessed
  'NOTICE_CHANGED', // the 授权说明 the page showed is not the current one (its hash differs): nothing is written
  'NOTICE_NOT_FOUND', // no 授权说明 kept under that hash
] as const
