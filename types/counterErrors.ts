/**
 * Error codes of counter use (免证办, SPEC §6), merged into types/errors.ts ErrorCode.
 */
export const COUNTER_ERROR_CODES = [
  'CODE_UNREADABLE', // what the counter scanned or typed is not a 政务码
  'CODE_NOT_FOUND', // no such code (or a QR code the server did not sign)
  'CODE_EXPIRED', // past its 60 s: an old screenshot
  'CODE_USED', // already scanned once (by this or another counter)
  'COUNTER_UNAUTHORIZED', // counter staff: not signed in, wrong password, or session over
  'MATTER_NOT_ALLOWED', // the counter is not registered for this matter
  'CASE_NOT_FOUND', // no such case at this counter / for this holder
  'CASE_ANSWERED', // the holder already confirmed or refused
  'CASE_EXPIRED', // the holder did not answer in time
  'COUNTER_READ_REFUSED', // read outside a live authorization: refused and recorded
  'TICKET_INVALID', // 刷脸办: the counter's QR code is unknown, used or expired
  'DELEGATION_NOT_FOUND', // no such delegation for this caller, or it ended / expired
  'DELEGATION_SELF', // one cannot delegate to oneself
  'DELEGATION_ENDED', // a step under a delegation the holder has ended (its cases close with it)
  'DELEGATION_EXPIRED', // a step under a delegation past its last day
  'CARD_NOT_IN_SPACE', // 读卡: the card's holder has no 粤省事 space (never verified) or the name differs
  'COUNTER_SIGNIN_LOCKED', // too many wrong passwords for this account or from this address: wait (the message says how long)
  'KIOSK_NOT_PAIRED', // 评价器: no device credential, an unknown one, or 解除配对 at the workstation
  'KIOSK_PAIR_INVALID', // 评价器配对码: unknown, used or expired
  'KIOSK_DEVICE_NOT_FOUND', // 解除配对: no such 评价器 at this counter
] as const
