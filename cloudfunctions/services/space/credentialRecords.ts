import { z } from 'zod'
import { BirthCertificate, HouseholdRegister, RealEstateCertificate, Sex } from '../../../types/registry'
import { CREDENTIAL_TITLES, type CredentialSummary } from '../../../types/space'
import { AppError } from '../../domain/errors'
import { maskName } from '../../domain/mask'
import { credentialKey, subjectName, type CredentialPayload } from '../../domain/space/credential'
import { maskedSections, maskedSummary } from '../../domain/space/credentialView'
import type { HeldCredential } from '../../ports/spaceStores'
import type { SpaceDeps } from './spaceDeps'

/** Decrypted payloads are parsed like any other record read back (STYLE.md: zod at the edge). */
const Payload: z.ZodType<CredentialPayload, z.ZodTypeDef, unknown> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('id_card'),
    data: z.object({ name: z.string(), idNumber: z.string(), sex: Sex, birthDate: z.string() }),
  }),
  z.object({ type: z.literal('household_register'), data: HouseholdRegister.innerType() }),
  z.object({ type: z.literal('birth_certificate'), data: BirthCertificate }),
  z.object({ type: z.literal('property'), data: RealEstateCertificate }),
])

/** `<holder>:<type>:<keyed hash>`: deterministic, so claiming twice finds the same document. */
export function credentialIdOf(deps: SpaceDeps, holderIdentityId: string, p: CredentialPayload, subjectIdNumber: string): string {
  return `${holderIdentityId}:${p.type}:${deps.cipher.keyedHash(`credential|${credentialKey(p, subjectIdNumber)}`).slice(0, 32)}`
}

export function sealCredential(
  deps: SpaceDeps,
  holderIdentityId: string,
  p: CredentialPayload,
  subject: { idNumber: string; childLinkId: string | null },
): HeldCredential {
  return {
    id: credentialIdOf(deps, holderIdentityId, p, subject.idNumber),
    holderIdentityId,
    type: p.type,
    subjectKind: subject.childLinkId ? 'ward' : 'self',
    childLinkId: subject.childLinkId,
    payloadCipher: deps.cipher.encrypt(JSON.stringify(p)),
    claimedAt: deps.clock.now(),
  }
}

export function openCredential(deps: SpaceDeps, c: HeldCredential): CredentialPayload {
  return Payload.parse(JSON.parse(deps.cipher.decrypt(c.payloadCipher)))
}

export function summarize(deps: SpaceDeps, c: HeldCredential): CredentialSummary {
  const p = openCredential(deps, c)
  const subject: CredentialSummary['subject'] =
    c.subjectKind === 'ward' && c.childLinkId
      ? { kind: 'ward', childLinkId: c.childLinkId, maskedName: maskName(subjectName(p)), label: '被监护人' }
      : { kind: 'self' }
  return { credentialId: c.id, type: c.type, title: CREDENTIAL_TITLES[c.type], maskedSummary: maskedSummary(p), maskedSections: maskedSections(p), subject, claimedAt: c.claimedAt }
}

/**
 * The caller's own credential or NOT_FOUND. A credential id of someone else's space gets the same
 * answer as one that does not exist, so ids cannot be probed.
 */
export async function ownCredential(deps: SpaceDeps, holderIdentityId: string, credentialId: string): Promise<HeldCredential> {
  const c = await deps.stores.credentials.get(credentialId)
  if (!c || c.holderIdentityId !== holderIdentityId) throw new AppError('NOT_FOUND', '未找到该证照')
  return c
}
