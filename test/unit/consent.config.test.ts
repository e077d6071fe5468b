import { loadConfig } from '../../cloudfunctions/config'

/** DEMO_BIZ_KEY must be a secret the business-system API accepts, or the demo page gets 401 on every call. */
describe('DEMO_BIZ_KEY', () => {
  it('accepts a URL-safe secret of 16–128 characters, and unset', () => {
    expect(loadConfig({ DEMO_BIZ_KEY: 'Ab3_-'.repeat(4) }).DEMO_BIZ_KEY).toBe('Ab3_-'.repeat(4))
    expect(loadConfig({ DEMO_BIZ_KEY: 'x'.repeat(128) }).DEMO_BIZ_KEY).toBe('x'.repeat(128))
    expect(loadConfig({}).DEMO_BIZ_KEY).toBeUndefined()
  })

  it.each([
    ['too short', 'x'.repeat(15)],
    ['too long', 'x'.repeat(129)],
    ['a dot (the system-id separator)', 'huijiaoyu-demo.abcdefghijklmnop'],
    ['base64 padding and +', 'abcdefghijklmn+/=='],
    ['a quote', 'abcdefghijklmnop"'],
  ])('refuses %s, naming the variable', (_n, value) => {
    expect(() => loadConfig({ DEMO_BIZ_KEY: value })).toThrow(/DEMO_BIZ_KEY: .*业务系统密钥格式/)
  })
})
