import { z } from 'zod'

/**
 * The 授权凭证's JSON (consent-receipt/v1), zod only, at the boundary like every other shape: the mini-program's main package validates the
 * consent function's answers with it and must not pull in the verifier's Ed25519 (receipt.ts has
 * verifyReceipt and the field mapping to ISO/IEC TS 27560).
 */
export const RECEIPT_TYPE = 'consent-receipt/v1'
export const RECEIPT_STATE_TEXT = { active: '有效', revoked: '已撤销', expired: '已过期' } as const

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const Ms = z.number().int().min(0)

export const ReceiptRecord = z
  .object({
    recordId: z.string().min(1).max(80),
    piiControllers: z.array(z.object({ name: z.string().min(1).max(80) }).strict()).min(1).max(4),
    recipientThirdParties: z.array(z.object({ name: z.string().min(1).max(80) }).strict()).min(1).max(4),
    purposes: z.array(z.object({ purpose: z.string().min(1).max(200), applicationType: z.string().max(80) }).strict()).min(1).max(4),
    piiInformation: z
      .object({
        credential: z.object({ key: z.string().min(1).max(40), title: z.string().min(1).max(40) }).strict(),
        /** Masked summary of the item (e.g. the property's masked address). */
        item: z.string().max(120),
        fields: z.array(z.object({ key: z.string().min(1).max(40), label: z.string().max(40) }).strict()).min(1).max(20),
      })
      .strict(),
    piiPrincipal: z.object({ masked: z.string().max(20) }).strict(),
    eventTime: Ms,
    eventTimeText: z.string().max(40),
    validityDuration: z.object({ until: Ms, untilText: z.string().max(40) }).strict(),
    eventState: z.enum(['active', 'revoked', 'expired']),
    eventStateText: z.enum(['有效', '已撤销', '已过期']),
    revokedAt: Ms.nullable(),
    revokedAtText: z.string().max(40).nullable(),
    privacyNotice: z.object({ hash: Hex64 }).strict().nullable(),
  })
  .strict()
export type ReceiptRecord = z.infer<typeof ReceiptRecord>

export const ReceiptEntry = z
  .object({
    action: z.enum(['grant', 'revoke']),
    /** The canonical ledger leaf text (no personal data). */
    leaf: z.string().min(1).max(2000),
    /** C2SP tlog-proof text for this leaf. */
    proof: z.string().min(1).max(20_000),
  })
  .strict()

export const ConsentReceipt = z
  .object({
    type: z.literal(RECEIPT_TYPE),
    issuedAt: Ms,
    /** Which log: its origin line. The keys to trust are never taken from the receipt. */
    log: z.object({ origin: z.string().min(1).max(200) }).strict(),
    record: ReceiptRecord,
    ledger: z.array(ReceiptEntry).min(1).max(2),
  })
  .strict()
export type ConsentReceipt = z.infer<typeof ConsentReceipt>
