import { readFileSync } from 'node:fs'
import path from 'node:path'
import { RegistryFixture } from '../../../types/registry'
import type { Registry } from '../../ports/registry'
import { sameName } from '../../domain/names'

/** The repository root (cloudfunctions/adapters/registry-sim → ../../..), for relative fixture paths. */
export const REPO_ROOT = path.resolve(__dirname, '../../..')
export const DEFAULT_FIXTURE = 'fixtures/registry.json'

/** REGISTRY_FIXTURE (ARCHITECTURE.md) or the default, resolved from the repo root when relative. */
export function fixturePath(configured: string | undefined, root = REPO_ROOT): string {
  return path.resolve(root, configured ?? DEFAULT_FIXTURE)
}

/** Reads and zod-checks a fixture; the error names the file and the bad fields, never their values. */
export function loadFixture(file: string): RegistryFixture {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(`REGISTRY_FIXTURE ${file}: 无法读取或不是有效的 JSON (${(e as Error).name})`)
  }
  const parsed = RegistryFixture.safeParse(raw)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`)
  throw new Error(`REGISTRY_FIXTURE ${file} 格式不正确 (types/registry.ts):\n${lines.join('\n')}`)
}


/** The simulated provincial registry over a fixture (local cloud and tests). */
export function createFixtureRegistry(fx: RegistryFixture): Registry {
  const people = new Map(fx.people.map((p) => [p.idNumber, p]))
  const registersOf = (id: string) => fx.households.filter((h) => h.members.some((m) => m.idNumber === id))
  return {
    findPerson: async (id) => people.get(id) ?? null,
    idCardOf: async (id) => {
      const p = people.get(id)
      return p ? { name: p.name, idNumber: p.idNumber, sex: p.sex, birthDate: p.birthDate } : null
    },
    birthCertificatesNaming: async (id, name) => {
      const names = (p: { idNumber: string; name: string } | null) => p !== null && p.idNumber === id && sameName(p.name, name)
      return fx.birthCertificates.filter((c) => names(c.mother) || names(c.father))
    },
    registersOf: async (id) => registersOf(id),
    registerEntryByNameAndId: async (name, id) =>
      registersOf(id).filter((h) => h.members.some((m) => m.idNumber === id && sameName(m.name, name))),
    propertiesOwnedBy: async (id) => fx.realEstateCertificates.filter((r) => r.owners.some((o) => o.idNumber === id)),
  }
}
