import { createHash } from 'node:crypto'
import { encodeLeaf } from '../../cloudfunctions/domain/ledger/leaf'

/** Synthetic ledger leaves for the ledger benchmarks (ledger.ts, ledgerAudit.ts): leaf i and its RFC 6962 hash. */
const FIELDS = createHash('sha256').update('address').digest('hex')
export const leafOf = (i: number) =>
  encodeLeaf({ v: 1, consent: `cs_${i.toString(36).padStart(8, '0')}`, action: i % 3 ? 'read' : 'grant', fields: FIELDS, actor: 'a'.repeat(32), at: 1_790_000_000_000 + i })
export const leafHashHex = (text: string) => createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(text)])).digest('hex')
export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6
