import type { Result } from '../../types/errors'
import type { Deps } from '../services/deps'
import { createAuthHandler, type CallContext } from './auth/handler'

export type CloudFunction = (event: unknown, context: CallContext) => Promise<Result<unknown>>

/** Every function the local cloud hosts, by deployed name. */
export const registry: Record<string, (deps: Deps) => CloudFunction> = {
  auth: createAuthHandler,
}
