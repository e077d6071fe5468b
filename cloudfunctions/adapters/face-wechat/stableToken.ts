import type { Clock } from '../../ports/clock'
import { ok, postJson } from './wechatApi'

export const STABLE_TOKEN_URL = 'https://api.weixin.qq.com/cgi-bin/stable_token'
/** Refresh this long before WeChat's expiry, so a token is never used in its last minutes. */
const EARLY_MS = 5 * 60 * 1000

/**
 * access_token via getStableAccessToken in normal mode (force_refresh false): every function
 * instance may call it and all get the same token until it expires, so instances cannot
 * invalidate each other's tokens, which force_refresh (or the old cgi-bin/token) would do
 * (CLOUDBASE.md; wx doc api_getstableaccesstoken). Cached per instance until shortly before
 * `expires_in`; concurrent callers share one in-flight request.
 */
export class StableTokenSource {
  private cached: { token: string; refreshAt: number } | null = null
  private inflight: Promise<string> | null = null

  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly fetchFn: typeof fetch,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.refreshAt) return this.cached.token
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = null
    })
    return this.inflight
  }

  /** After WeChat said the token is invalid: forget it; the next get() asks again (normal mode). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null
  }

  private async fetchToken(): Promise<string> {
    const reply = ok(
      'getStableAccessToken',
      await postJson(this.fetchFn, 'getStableAccessToken', STABLE_TOKEN_URL, {
        grant_type: 'client_credential',
        appid: this.appId,
        secret: this.appSecret,
        force_refresh: false,
      }),
    )
    const token = String(reply.access_token ?? '')
    if (!token) throw new Error('getStableAccessToken: no access_token in reply')
    const expiresInMs = Number(reply.expires_in ?? 7200) * 1000
    this.cached = { token, refreshAt: this.clock.now() + Math.max(expiresInMs - EARLY_MS, 0) }
    return token
  }
}
