import type { Result } from '../../types/errors'
import type { AppDeps } from '../services/appDeps'
import { createAuthHandler, type CallContext } from './auth/handler'
import { createSpaceHandler } from './space/handler'
import { createHealthHandler } from './health/handler'
import { createConsentHandler } from './consent/handler'
import { createCounterHandler } from './counter/handler'

export type CloudFunction = (event: unknown, context: CallContext) => Promise<Result<unknown>>

/** Every function the local cloud hosts, by deployed name. */
export const registry: Record<string, (deps: AppDeps) => CloudFunction> = {
  auth: createAuthHandler,
  space: createSpaceHandler,
  health: createHealthHandler,
  consent: createConsentHandler,
  counter: createCounterHandler,
}
