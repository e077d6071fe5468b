import { AppError } from '../../domain/errors'
import { canAuthorizeForSelf } from '../../domain/guardian/age'
import type { Clock } from '../../ports/clock'

/**
 * PIPL art. 31 (seed 000 Q5): a child under 14 never authorizes for themselves; a linked guardian
 * does. Used by the authorization use case (issue 4) before anything is signed. An unreadable
 * birth date is treated as under 14, erring towards the child.
 */
export function assertCanAuthorize(deps: { clock: Clock }, subjectBirthDate: string): void {
  if (!canAuthorizeForSelf(subjectBirthDate, deps.clock.now())) throw new AppError('GUARDIAN_REQUIRED')
}
