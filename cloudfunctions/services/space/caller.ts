import { fullYearsOn } from '../../domain/guardian/age'
import { validateIdNumber } from '../../domain/idNumber'
import { maskName } from '../../domain/mask'
import type { Identity, Session } from '../../ports/stores'
import { readIdentity } from '../identityFields'
import { requireSession } from '../requireSession'
import type { SpaceDeps } from './spaceDeps'

export interface Caller {
  session: Session
  identity: Identity
  name: string
  idNumber: string
  /** How the caller appears in histories and watermarks. */
  maskedName: string
}

/** The logged-in person: who they are comes from the session, never from the event. */
export async function loadCaller(deps: SpaceDeps, openid: string, token: string): Promise<Caller> {
  const { session, identity } = await requireSession(deps, openid, token)
  const { name, idNumber } = readIdentity(deps.cipher, identity)
  return { session, identity, name, idNumber, maskedName: maskName(name) }
}

/** Full years from the birth date the caller's ID number encodes, null when it encodes none. */
export function callerAge(deps: SpaceDeps, caller: Caller): number | null {
  const id = validateIdNumber(caller.idNumber)
  return id.ok ? fullYearsOn(id.birthDate, deps.clock.now()) : null
}
