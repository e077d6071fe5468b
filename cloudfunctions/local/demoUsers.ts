import type { RegistryFixture } from '../../types/registry'
import type { DemoUser } from '../../types/simulation'

/**
 * Stand-ins for WeChat accounts in the H5 build (the local cloud trusts X-WX-OPENID), taken from
 * the registry fixture's demo users so the picker always matches the registry's people: each
 * nickname says which case its family shows, the suggestion is the mapped person's real-name
 * info as WeChat would prefill it. A user mapped to nobody types a name and number by hand.
 */
export function demoUsersFrom(fixture: RegistryFixture): DemoUser[] {
  const people = new Map(fixture.people.map((p) => [p.idNumber, p]))
  return fixture.demoUsers.map((u) => {
    const person = u.personIdNumber ? people.get(u.personIdNumber) : undefined
    return { openid: u.openid, nickname: u.nickname, suggested: person ? { name: person.name, idNumber: person.idNumber } : null }
  })
}
