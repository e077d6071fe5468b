import { callerOpenid, once } from '../../cloudfunctions/adapters/cloudbase/entry'

describe('callerOpenid', () => {
  const source = (ctxOpenid: string | undefined | Error, envOpenid = '') => ({
    getCloudbaseContext: () => {
      if (ctxOpenid instanceof Error) throw ctxOpenid
      return { WX_OPENID: ctxOpenid }
    },
    getUserInfo: () => ({ openId: envOpenid }),
  })

  it('prefers WX_OPENID from the invocation context', () => {
    expect(callerOpenid({ environment: '{}' }, source('o-ctx', 'o-env'))).toBe('o-ctx')
  })
  it('falls back to getUserInfo() when the context has none or cannot be parsed', () => {
    expect(callerOpenid({}, source(undefined, 'o-env'))).toBe('o-env')
    expect(callerOpenid({}, source(new Error('INVALID_CONTEXT'), 'o-env'))).toBe('o-env')
  })
  it("is '' for HTTP-triggered calls without a WeChat user", () => {
    expect(callerOpenid(undefined, source(undefined))).toBe('')
  })
})

describe('once', () => {
  it('builds once and shares the result; retries after a failed build', async () => {
    let n = 0
    const get = once(async () => {
      n++
      if (n === 1) throw new Error('first build fails')
      return n
    })
    await expect(get()).rejects.toThrow('first build fails')
    await expect(Promise.all([get(), get()])).resolves.toEqual([2, 2])
    expect(n).toBe(2)
  })
})
