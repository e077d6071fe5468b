import type { CounterStores } from '../../ports/counterStores'
import type { ConsentDeps } from '../consent/consentDeps'

/** What counter use adds (AppDeps = SpaceDeps & HealthExtras & ConsentExtras & CounterExtras). */
export interface CounterExtras {
  counter: CounterStores
}

export type CounterDeps = ConsentDeps & CounterExtras
