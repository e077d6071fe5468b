import type { VerifyMethod } from '../../../types/auth'
import type { Clock } from '../../ports/clock'
import type { FaceVerifier, VerifyOutcome, VerifySubject } from '../../ports/faceVerifier'
import { CERT_TYPE, certHash } from './certHash'
import { StableTokenSource } from './stableToken'
import { ok, postJson, TOKEN_ERRCODES, WeChatApiError, type WeChatReply } from './wechatApi'

const API = 'https://api.weixin.qq.com/cityservice/face/identify'
/** getVerifyId: "verify_id 有效期 … 默认值3600，单位：秒". */
const DEFAULT_EXPIRES_IN_S = 3600
/** queryVerifyInfo: "核身通过的判断条件：errcode = 0 且 verify_ret = 10000". */
const VERIFY_RET_PASS = 10000

export interface WeChatFaceVerifierOptions {
  appId: string
  appSecret: string
  fetch: typeof fetch
  clock: Clock
}

/**
 * WeChat face verification 2.0 (微信人脸核身), server side. Neither API supports cloud
 * invocation, so calls go over HTTPS with an access_token from getStableAccessToken.
 * https://developers.weixin.qq.com/miniprogram/dev/server/API/face/api_getverifyid
 * https://developers.weixin.qq.com/miniprogram/dev/server/API/face/api_queryverifyinfo
 *
 * 'wxpay' is not supported: WeChat's only server check of pay-password real-name data for
 * mini-programs is 城市服务实名信息校验 (intp/realname/checkrealnameinfo), which needs a
 * separately granted permission limited to listed subject categories and a jump to the City
 * Service mini-program for a code; the older getRealnameAuthInfo was closed to new apps in 2019.
 * Neither is a drop-in for this port, so the method is reported unavailable rather than faked.
 */
export class WeChatFaceVerifier implements FaceVerifier {
  readonly provider = 'wechat' as const
  private readonly tokens: StableTokenSource

  constructor(private readonly opts: WeChatFaceVerifierOptions) {
    this.tokens = new StableTokenSource(opts.appId, opts.appSecret, opts.fetch, opts.clock)
  }

  supports(method: VerifyMethod): boolean {
    return method === 'face'
  }

  async start(s: VerifySubject): Promise<{ verifyId: string; expiresAt: number }> {
    this.assertFace(s.method)
    const reply = await this.call('getVerifyId', 'getverifyid', {
      out_seq_no: s.outSeqNo, // 5–32 chars of [0-9A-Za-z_-], unique per appid
      cert_info: { cert_type: CERT_TYPE, cert_name: s.certName, cert_no: s.certNo },
      openid: s.openid, // must be the user who then calls wx.requestFacialVerify
    })
    const verifyId = String(reply.verify_id ?? '')
    if (!verifyId) throw new WeChatApiError('getVerifyId', -1, 'no verify_id in reply')
    const expiresIn = Number(reply.expires_in ?? DEFAULT_EXPIRES_IN_S) || DEFAULT_EXPIRES_IN_S
    return { verifyId, expiresAt: this.opts.clock.now() + expiresIn * 1000 }
  }

  /**
   * Asks WeChat, never the app, what happened. A mismatched cert_info/openid comes back as an
   * errcode, not a verify_ret (doc 注意事项): that is tampering or a bug, so it throws.
   */
  async query(verifyId: string, s: VerifySubject): Promise<VerifyOutcome> {
    this.assertFace(s.method)
    const reply = await this.call('queryVerifyInfo', 'queryverifyinfo', {
      verify_id: verifyId,
      out_seq_no: s.outSeqNo,
      cert_hash: certHash(s.certName, s.certNo),
      openid: s.openid,
    })
    return outcomeOf(reply.verify_ret)
  }

  private assertFace(method: VerifyMethod): void {
    if (!this.supports(method)) throw new Error(`WeChatFaceVerifier does not support method ${method}`)
  }

  /** One retry when WeChat rejects the cached token (e.g. it was replaced elsewhere). */
  private async call(api: string, path: string, body: unknown): Promise<WeChatReply> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get()
      const url = `${API}/${path}?access_token=${encodeURIComponent(token)}`
      const reply = await postJson(this.opts.fetch, api, url, body)
      if (attempt === 0 && TOKEN_ERRCODES.has(Number(reply.errcode))) {
        this.tokens.invalidate(token)
        continue
      }
      return ok(api, reply)
    }
  }
}

/**
 * verify_ret → outcome. Documented: 10000 识别成功; 90000–90199 the user's attempt did not
 * complete or failed on the device (cancelled, no camera permission, timeout, invalid capture,
 * system error …), so that verify id ended without a pass: 'failed'. No verify_ret yet means the
 * user has not finished: 'pending'. The 2.0 enum has no "identity not on record" value (1.0's
 * 系统未包含该身份信息), so 'no_record' is never reported by this adapter.
 */
export function outcomeOf(verifyRet: unknown): VerifyOutcome {
  if (verifyRet === undefined || verifyRet === null || verifyRet === 0) return 'pending'
  return Number(verifyRet) === VERIFY_RET_PASS ? 'pass' : 'failed'
}
