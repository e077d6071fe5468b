import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { checkDigit } from '../../cloudfunctions/domain/idNumber'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { HealthResults, type HealthAction, type HealthData, type HealthForm } from '../../types/health'
import { cloudClient } from '../helpers/cloudClient'

export type HealthReply<A extends HealthAction> = { ok: true; data: HealthData[A] } | { ok: false; error: { code: string; message: string; hint: string } }

/** A valid mainland ID number for test person n (GB 11643 check digit computed, not typed). */
export function idFor(n: number, birth = '19850612'): string {
  const first17 = `440106${birth}${String(n % 1000).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}

export const goodForm: HealthForm = {
  phone: '13800138000', currentLocation: '广州市天河区', temperature: 36.5, symptoms: [], riskContact: false,
  riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none',
}

/** A local cloud over HTTP (in-memory SQLite) whose clock the test sets to China wall time. */
export function useHealthCloud() {
  let cloud: LocalCloud
  let dataDir: string
  let fixedNow: number | null = null
  const client = cloudClient(() => cloud)

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-health-'))
    cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dataDir }), port: 0, stores: 'memory', h5Dir: path.join(dataDir, 'none') })
    const real = cloud.deps.clock.now
    cloud.deps.clock.now = () => fixedNow ?? real()
  })
  afterAll(async () => {
    await cloud.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** Sets the cloud's clock to a China wall-clock time, e.g. '2026-11-22T08:00:00'. */
  const at = (chinaIso: string) => void (fixedNow = Date.parse(`${chinaIso}+08:00`))

  async function as(name: string, idNumber: string, openid = `openid-${idNumber}`) {
    const { sessionToken } = await client.login(openid, idNumber).catch(async () => {
      // Non-fixture people log in with the name they give.
      const started = await client.post('/cloud/auth', { action: 'startVerification', purpose: 'login', method: 'face', name, idNumber }, openid)
      await client.post(`/sim/verify/${encodeURIComponent(started.data.verifyId)}`, { outcome: 'pass' })
      const done = await client.post('/cloud/auth', { action: 'completeVerification', verifyId: started.data.verifyId }, openid)
      return done.data
    })
    const health = async <A extends HealthAction>(action: A, rest: Record<string, unknown> = {}): Promise<HealthReply<A>> =>
      HealthResults[action].parse(await client.post('/cloud/health', { action, sessionToken, ...rest }, openid)) as HealthReply<A>
    const ok = async <A extends HealthAction>(action: A, rest: Record<string, unknown> = {}): Promise<HealthData[A]> => {
      const r = await health(action, rest)
      if (!r.ok) throw new Error(`${action} failed: ${r.error.code} ${r.error.message}`)
      return r.data
    }
    const submit = (orgId: string, declarantId: string, over: Record<string, unknown> = {}) =>
      health('submitDeclaration', { orgId, declarantId, day: 'today', clientId: randomUUID(), form: goodForm, ...over })
    return { openid, sessionToken, health, ok, submit }
  }

  return { client, as, at, cloud: () => cloud }
}
