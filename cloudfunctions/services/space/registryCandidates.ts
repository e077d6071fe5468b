import type { CredentialType, SpaceReason } from '../../../types/space'
import type { CredentialPayload } from '../../domain/space/credential'
import { sameName } from '../../domain/names'
import { birthCertificateRefusal, parentRenamedRefusal, registerRefusal } from '../../domain/space/claimRefusal'
import type { SpaceDeps } from './spaceDeps'

export interface Candidates {
  /** Records the caller may claim now. */
  payloads: CredentialPayload[]
  /** Records the registry holds but will not hand over online, each explained. */
  refused: SpaceReason[]
}

/**
 * What the registry would give this person for one credential type (SPEC §2): birth certificates
 * naming them (by name + ID number) within coverage, every property they own, their ID
 * e-certificate and their Guangdong register. Shared by the home page and the claim itself.
 */
export async function registryCandidates(deps: SpaceDeps, person: { name: string; idNumber: string }, type: CredentialType): Promise<Candidates> {
  const { registry } = deps
  switch (type) {
    case 'id_card': {
      const card = await registry.idCardOf(person.idNumber)
      return { payloads: card ? [{ type, data: card }] : [], refused: [] }
    }
    case 'household_register': {
      const registers = await registry.registersOf(person.idNumber)
      const payloads: CredentialPayload[] = []
      const refused: SpaceReason[] = []
      for (const r of registers) {
        const why = registerRefusal(r)
        if (why) refused.push(why)
        else payloads.push({ type, data: r })
      }
      return { payloads, refused }
    }
    case 'birth_certificate': {
      const certs = await registry.birthCertificatesNaming(person.idNumber, person.name)
      const payloads: CredentialPayload[] = []
      const refused: SpaceReason[] = []
      for (const c of certs) {
        const why = birthCertificateRefusal(c)
        if (why) refused.push(why)
        else payloads.push({ type, data: c })
      }
      if (certs.length === 0) refused.push(...(await namedUnderFormerNames(deps, person)))
      return { payloads, refused }
    }
    case 'property': {
      const owned = await registry.propertiesOwnedBy(person.idNumber)
      return { payloads: owned.map((data) => ({ type, data })), refused: [] }
    }
  }
}

/** Certificates naming this ID number under one of the person's former names (a renamed parent). */
async function namedUnderFormerNames(deps: SpaceDeps, person: { name: string; idNumber: string }): Promise<SpaceReason[]> {
  const registered = await deps.registry.findPerson(person.idNumber)
  const former = (registered?.formerNames ?? []).filter((n) => !sameName(n, person.name))
  const refused: SpaceReason[] = []
  for (const name of former) {
    for (const cert of await deps.registry.birthCertificatesNaming(person.idNumber, name)) {
      const role = cert.father !== null && cert.father.idNumber === person.idNumber ? 'father' : 'mother'
      refused.push(parentRenamedRefusal(cert, role, name))
    }
  }
  return refused
}
