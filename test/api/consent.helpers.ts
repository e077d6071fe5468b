import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { ConsentResults, type ConsentAction, type ConsentData } from '../../types/consent'
import { cloudClient } from '../helpers/cloudClient'

/** Family F14 of the fixture: the father heads the household; the flat at the register address is the mother's. */
export const F14 = { dad: '441302198308010976', mum: '441302198512241085', kid: '441302201806061711' }
/** F13: mother and child in a collective household. */
export const F13 = { mum: '440106199205132047', kid: '440106201910152684' }

export type ConsentReply<A extends ConsentAction> = { ok: true; data: ConsentData[A] } | { ok: false; error: { code: string; message: string; hint: string } }

/** A local cloud for one consent api file: its own clock offset, sessions per person, biz calls. */
export function useConsentCloud() {
  let cloud: LocalCloud
  let dataDir: string
  let offset = 0
  const client = cloudClient(() => cloud)
  const people = new Map<string, Awaited<ReturnType<typeof login>>>()

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-consent-'))
    cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dataDir }), port: 0, stores: 'memory', h5Dir: path.join(dataDir, 'none') })
    const real = cloud.deps.clock.now
    cloud.deps.clock.now = () => real() + offset
  })
  afterAll(async () => {
    await cloud.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function login(idNumber: string) {
    const base = await client.login(`openid-${idNumber}`, idNumber)
    const consent = async <A extends ConsentAction>(action: A, rest: Record<string, unknown> = {}): Promise<ConsentReply<A>> =>
      ConsentResults[action].parse(await client.post('/cloud/consent', { action, sessionToken: base.sessionToken, ...rest }, base.openid)) as ConsentReply<A>
    const ok = async <A extends ConsentAction>(action: A, rest: Record<string, unknown> = {}): Promise<ConsentData[A]> => {
      const r = await consent(action, rest)
      if (!r.ok) throw new Error(`${action} failed: ${r.error.code} ${r.error.message}`)
      return r.data
    }
    return { ...base, consent, cok: ok }
  }

  async function as(idNumber: string) {
    if (!people.has(idNumber)) people.set(idNumber, await login(idNumber))
    return people.get(idNumber)!
  }

  async function biz(action: string, body: Record<string, unknown>, key: string | null = cloud.demoBizKey): Promise<{ status: number; body: any }> {
    const res = await fetch(`${cloud.url}/biz/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: await res.json() }
  }

  const request = (over: Record<string, unknown> = {}) => ({
    applicationType: '2025惠城区义务教育',
    studentName: '何沐阳',
    studentIdNumber: F14.kid,
    parentName: '李婉婷',
    parentIdNumber: F14.mum,
    phone: '13800138000',
    evidence: '户籍双证学校（户口簿+房产）',
    ...over,
  })

  /** A new login (after the clock jumped past the session's lifetime). */
  async function fresh(idNumber: string) {
    people.set(idNumber, await login(idNumber))
    return people.get(idNumber)!
  }

  const advance = (ms: number) => void (offset += ms)
  return { client, as, fresh, biz, request, advance, cloud: () => cloud }
}
