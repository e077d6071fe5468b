import type { CredentialType, HistoryAction } from '../../../types/space'
import type { AccessEvent } from '../../ports/spaceStores'
import type { SpaceDeps } from './spaceDeps'

export interface AccessFacts {
  identityId: string
  actorKind?: AccessEvent['actorKind']
  actorLabel: string
  /** Who at a counter or business system acted (window staff), shown beside its name. */
  operator?: string | null
  action: HistoryAction
  credentialTypes: CredentialType[]
  fields?: string[]
  note?: string | null
}

/**
 * Appends one line to a person's access history (SPEC §2 数字档案袋). The id starts with the
 * zero-padded time so the stores list newest first by id alone; notes are free text: encrypted.
 */
export async function recordAccess(deps: SpaceDeps, facts: AccessFacts): Promise<void> {
  const at = deps.clock.now()
  await deps.stores.accessEvents.append({
    id: `${String(at).padStart(15, '0')}-${deps.ids.id()}`,
    identityId: facts.identityId,
    at,
    actorKind: facts.actorKind ?? 'self',
    actorLabel: facts.actorLabel,
    operator: facts.operator ?? null,
    action: facts.action,
    credentialTypes: facts.credentialTypes,
    fields: facts.fields ?? [],
    noteCipher: facts.note ? deps.cipher.encrypt(facts.note) : null,
  })
}
