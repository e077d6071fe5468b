import type { SpaceDeps } from './space/spaceDeps'
import type { HealthExtras } from './health/healthDeps'
import type { ConsentExtras } from './consent/consentDeps'
import type { CounterExtras } from './counter/counterDeps'

/**
 * Everything any hosted function may need: the local cloud builds one of these (local/wiring.ts)
 * and each function's factory takes the slice it uses. Each feature adds its own extras type.
 */
export type AppDeps = SpaceDeps & HealthExtras & ConsentExtras & CounterExtras
