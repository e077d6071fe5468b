import { randomBytes } from 'node:crypto'
import { loadConfig, serviceTimes } from '../../cloudfunctions/config'

describe('loadConfig', () => {
  it('fills defaults from an empty environment', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ PORT: 8787, HOST: '127.0.0.1', DATA_DIR: './.data', FACE_PROVIDER: 'simulated' })
    expect(c.REGISTRY_FIXTURE).toBeUndefined()
    expect(serviceTimes(c)).toEqual({ verifyWindowMs: 300_000, sessionTtlMs: 72 * 3600_000, verifyIdTtlMs: 3_600_000 })
  })

  it('reads and coerces values', () => {
    const key = randomBytes(32).toString('base64')
    const c = loadConfig({ PORT: '0', VERIFY_WINDOW_SECONDS: '60', FIELD_KEY: key, HASH_KEY: key })
    expect(c).toMatchObject({ PORT: 0, VERIFY_WINDOW_SECONDS: 60, FIELD_KEY: key })
  })

  it('lists every bad variable in one readable error', () => {
    let message = ''
    try {
      loadConfig({ PORT: 'abc', FIELD_KEY: 'c2hvcnQ=', FACE_PROVIDER: 'wechat', SESSION_TTL_HOURS: '-1' })
    } catch (e) {
      message = (e as Error).message
    }
    for (const name of ['PORT', 'FIELD_KEY', 'SESSION_TTL_HOURS', 'WX_APPID', 'WX_SECRET']) expect(message).toContain(name)
  })
})
