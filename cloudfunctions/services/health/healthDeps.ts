import type { FileStore } from '../../ports/fileStore'
import type { HealthStores } from '../../ports/healthStores'
import type { Notifier } from '../../ports/notifier'
import type { Registry } from '../../ports/registry'
import type { Deps } from '../deps'

/** What the health function adds to the login deps (AppDeps = SpaceDeps & HealthExtras). */
export interface HealthExtras {
  health: HealthStores
  notifier: Notifier
  /** HMAC key of invitation cards (≥ 32 bytes). */
  inviteKey: Uint8Array
  /** Where exports are written; the reply carries a short-lived link, not the workbook. */
  files: FileStore
  /** A mainland ID's registered name: a proxy's typed name is checked against it. */
  registry: Registry
}

export type HealthDeps = Deps & HealthExtras
