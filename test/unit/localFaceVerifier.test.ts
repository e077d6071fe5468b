import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SimulatedFaceVerifier } from '../../cloudfunctions/adapters/face-sim/simulatedVerifier'
import { loadConfig } from '../../cloudfunctions/config'
import { createLocalDeps, localFaceVerifier } from '../../cloudfunctions/local/wiring'

/** FACE_PROVIDER picks the local cloud's face verifier (configuration table in docs/LOCAL.md). */
describe('local cloud face verifier choice', () => {
  const clock = { now: () => 1_700_000_000_000 }
  const wechatEnv = { FACE_PROVIDER: 'wechat', WX_APPID: 'wxLOCALAPP', WX_SECRET: 'local-secret' }
  let dataDir: string
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'face-choice-'))
  })
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

  it('defaults to the simulator the camera page reports to', () => {
    const simulator = new SimulatedFaceVerifier(clock, 60_000)
    expect(localFaceVerifier(loadConfig({ DATA_DIR: dataDir }), clock, simulator)).toBe(simulator)
    expect(localFaceVerifier(loadConfig({ DATA_DIR: dataDir, FACE_PROVIDER: 'simulated' }), clock, simulator)).toBe(simulator)
  })

  it('wechat: asks WeChat with the configured app id, and offers face only', async () => {
    const simulator = new SimulatedFaceVerifier(clock, 60_000)
    const seen: Array<{ path: string; body: Record<string, unknown> }> = []
    const fetchFn = (async (input: unknown, init?: RequestInit) => {
      const p = new URL(String(input)).pathname.split('/').pop()!
      seen.push({ path: p, body: JSON.parse(String(init?.body)) })
      const reply = p === 'stable_token' ? { access_token: 'T', expires_in: 7200 } : { errcode: 0, verify_id: 'wx-verify-1', expires_in: 3600 }
      return new Response(JSON.stringify(reply), { status: 200 })
    }) as typeof fetch
    const verifier = localFaceVerifier(loadConfig({ DATA_DIR: dataDir, ...wechatEnv }), clock, simulator, fetchFn)
    expect(verifier).not.toBe(simulator)
    expect([verifier.provider, verifier.supports('face'), verifier.supports('wxpay')]).toEqual(['wechat', true, false])
    const started = await verifier.start({ method: 'face', openid: 'o1', outSeqNo: 'seq_00001', certName: '张三', certNo: '310101199801011234' })
    expect(started.verifyId).toBe('wx-verify-1')
    expect(seen.map((c) => c.path)).toEqual(['stable_token', 'getverifyid'])
    expect(seen[0].body).toMatchObject({ appid: 'wxLOCALAPP', secret: 'local-secret' })
    // The simulated camera cannot decide a WeChat verification.
    expect(simulator.report('wx-verify-1', 'pass')).toBe(false)
  })

  it('createLocalDeps wires the chosen verifier into the services', () => {
    const local = createLocalDeps(loadConfig({ DATA_DIR: dataDir, ...wechatEnv }), 'memory')
    try {
      expect(local.deps.verifier.provider).toBe('wechat')
      expect(local.deps.verifier).not.toBe(local.simulator)
    } finally {
      local.db.close()
    }
    const sim = createLocalDeps(loadConfig({ DATA_DIR: dataDir }), 'memory')
    try {
      expect(sim.deps.verifier).toBe(sim.simulator)
    } finally {
      sim.db.close()
    }
  })

  it('wechat without credentials does not start', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, FACE_PROVIDER: 'wechat' })).toThrow(/WX_APPID/)
    const unchecked = { ...loadConfig({ DATA_DIR: dataDir }), FACE_PROVIDER: 'wechat' as const }
    expect(() => localFaceVerifier(unchecked, clock, new SimulatedFaceVerifier(clock, 60_000))).toThrow(/WX_APPID/)
  })
})
