import type { ConsentStores } from '../../ports/consentStores'
import type { SpaceDeps } from '../space/spaceDeps'
import type { LedgerWitnesses } from './witnessing'

/** What the consent function adds (AppDeps = SpaceDeps & HealthExtras & ConsentExtras). */
export interface ConsentExtras {
  consent: ConsentStores
  /** Ed25519 checkpoint signing key (32-byte secret), its signed-note name and the log's origin. */
  ledgerKey: { secretKey: Uint8Array; keyName: string; origin: string }
  /**
   * Who integrates the ledger's pending entries: 'inline' (default), this process, before an
   * append returns (the local cloud, tests); 'scheduled', the ledgerIntegrate timer (deployed).
   */
  ledgerIntegration?: 'inline' | 'scheduled'
  /**
   * The witnesses asked to cosign each checkpoint (services/consent/witnessing.ts) and the quorum a
   * proof's checkpoint needs; none configured: checkpoints go out with the log's signature alone.
   */
  ledgerWitnesses?: LedgerWitnesses
  /** The maximum merge delay promises state (ms); MERGE_DELAY_MS (2 s) when not set. */
  ledgerMergeDelayMs?: number
  consentConfig: {
    /** How long a request can be signed and its consents read. */
    requestTtlMs: number
    /** Where the H5 app is served, for request links and QR codes (local cloud only). */
    appBaseUrl: string | null
  }
}

export type ConsentDeps = SpaceDeps & ConsentExtras
