import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { cloudClient } from './cloudClient'

export type Caller = Awaited<ReturnType<ReturnType<typeof cloudClient>['login']>>

/**
 * A local cloud (in-memory SQLite, default fixture) for one api test file, with its own clock
 * that only moves forward, one session per fixture person, and a birth-certificate helper.
 */
export function useSpaceCloud() {
  let cloud: LocalCloud
  let dataDir: string
  let offset = 0
  const client = cloudClient(() => cloud)
  const sessions = new Map<string, Caller>()

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-space-'))
    cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dataDir }), port: 0, stores: 'memory', h5Dir: path.join(dataDir, 'none') })
    const real = cloud.deps.clock.now
    cloud.deps.clock.now = () => real() + offset
  })
  afterAll(async () => {
    await cloud.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** One session per person for the whole file (a second login would replace the first). */
  async function as(idNumber: string): Promise<Caller> {
    if (!sessions.has(idNumber)) sessions.set(idNumber, await client.login(`openid-${idNumber}`, idNumber))
    return sessions.get(idNumber)!
  }

  /** Claims (or re-reads) the caller's birth certificates; picks one by masked newborn name. */
  async function certOf(c: Caller, newbornMasked?: string) {
    const claim = await c.ok('claim', { type: 'birth_certificate' })
    const all = [...claim.claimed, ...claim.alreadyHeld]
    return newbornMasked ? all.find((x) => x.maskedSummary.includes(newbornMasked))! : all[0]
  }

  // Forward only, so the access history's order stays the order things happened in.
  const advance = (ms: number) => void (offset += ms)
  return { client, as, certOf, advance }
}

/** Family F01 of the fixture (plain match) and the grandfather who heads their household. */
export const F01 = { mother: '441302198506120324', father: '441302198402170511', child: '441302201809140829', grandpa: '44130219550302013X' }
