import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createFixtureRegistry, DEFAULT_FIXTURE, fixturePath, loadFixture, REPO_ROOT } from '../../cloudfunctions/adapters/registry-sim/fixtureRegistry'
import { demoUsersFrom } from '../../cloudfunctions/local/demoUsers'
import { DemoUsers } from '../../types/simulation'

describe('simulated registry over REGISTRY_FIXTURE', () => {
  const fx = loadFixture(fixturePath(undefined))

  it('defaults to fixtures/registry.json from the repo root, whatever the working directory', () => {
    expect(fixturePath(undefined)).toBe(path.join(REPO_ROOT, DEFAULT_FIXTURE))
    expect(fixturePath('/abs/other.json')).toBe('/abs/other.json')
  })

  it('refuses a bad fixture with a message naming the file and the fields, not the values', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fixture-'))
    try {
      const bad = path.join(dir, 'bad.json')
      writeFileSync(bad, JSON.stringify({ ...fx, people: [{ ...fx.people[0], idNumber: 'SECRET-123' }] }))
      expect(() => loadFixture(bad)).toThrow(/bad\.json[\s\S]*people\.0\.idNumber/)
      expect(() => loadFixture(bad)).not.toThrow(/SECRET-123/)
      writeFileSync(bad, '{nope')
      expect(() => loadFixture(bad)).toThrow(/不是有效的 JSON/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('finds birth certificates by the parent’s name AND ID number (seed 000 Q7)', async () => {
    const r = createFixtureRegistry(fx)
    expect(await r.birthCertificatesNaming('440604198901260288', '何晓欣')).toHaveLength(2)
    expect(await r.birthCertificatesNaming('440604198901260288', '何晓')).toHaveLength(0)
    expect(await r.propertiesOwnedBy('441302198512241085')).toHaveLength(2)
    expect(await r.registerEntryByNameAndId('周梓睿', '440106201903080379')).toHaveLength(1)
    expect(await r.registerEntryByNameAndId('周子轩', '440106201903080379')).toHaveLength(0)
    expect(await r.idCardOf('000000000000000000')).toBeNull()
  })

  it('derives the H5 demo users from the fixture, keeping the picker contract', () => {
    const users = DemoUsers.parse(demoUsersFrom(fx))
    expect(users).toHaveLength(fx.demoUsers.length)
    expect(users.filter((u) => u.suggested).slice(0, 2).map((u) => u.suggested!.name)).toEqual(['陈美玲', '李秀英'])
    expect(users.find((u) => u.openid === 'demo-openid-new')?.suggested).toBeNull()
  })
})
