/**
 * Error codes of the health function (SPEC §5, seed 002), merged into types/errors.ts ErrorCode.
 * Kept in their own file so types/errors.ts only spreads them (several features add codes there).
 */
export const HEALTH_ERROR_CODES = [
  'DOC_NUMBER_INVALID', // the declarant's document number fails its type's pattern
  'INVITE_INVALID', // malformed or tampered invitation card
  'INVITE_EXPIRED',
  'INVITE_STALE', // left the org after this card was issued: re-joining needs a new card (FAQ 7)
  'PROXY_LIMIT', // FAQ 10: at most 2 proxies per declarant
  'DAY_LOCKED', // 当日不能再申报 (FAQ 2)
  'DAY_CLOSED', // past the deadline with a submission already counted
  'DAY_OUT_OF_WINDOW', // only today or yesterday
  'CLIENT_ID_REUSED', // the same client id with a different form
  'NOT_A_MEMBER', // the declarant is not (or no longer) a member of this org
  'NOT_BOUND', // a filer acting for a declarant not on their list
  'NOT_COLLECTOR', // a workbench action by someone who did not create the org
  'DECLARANT_MISMATCH', // the name does not match the registry's (mainland ID) or the caller's own verified name
  'EXPORT_JOB_TAKEN', // an export job id another org or requester already used
] as const
