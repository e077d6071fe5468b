import { StableTokenSource } from '../face-wechat/stableToken'
import { postJson, TOKEN_ERRCODES } from '../face-wechat/wechatApi'
import type { Clock } from '../../ports/clock'
import type { Notifier, Reminder } from '../../ports/notifier'

export const SUBSCRIBE_SEND_URL = 'https://api.weixin.qq.com/cgi-bin/message/subscribe/send'
/** 43101: the user has not subscribed (or used up) this template (wx doc: subscribeMessage.send). */
export const USER_REFUSED = 43101

/**
 * WeChat subscribe messages (wx doc api_sendmessage: POST subscribe/send?access_token=…, body
 * { touser, template_id, page, data: { key: { value } }, miniprogram_state, lang }). Written to
 * the documented API and not run against the network here (docs/DEPLOY.md). The template's
 * keys are our assumption for a "健康申报提醒" template (thing = ≤20 chars, date, time); the
 * chosen template must have them, or set HEALTH_REMIND_TEMPLATE_ID to one that does.
 */
export function createSubscribeNotifier(opts: {
  appId: string
  appSecret: string
  templateId: string
  fetch: typeof fetch
  clock: Clock
  state?: 'developer' | 'trial' | 'formal'
}): Notifier {
  const tokens = new StableTokenSource(opts.appId, opts.appSecret, opts.fetch, opts.clock)
  const clip = (s: string, n: number) => (Array.from(s).length > n ? Array.from(s).slice(0, n - 1).join('') + '…' : s)
  async function send(r: Reminder, token: string) {
    return postJson(opts.fetch, 'subscribeMessage.send', `${SUBSCRIBE_SEND_URL}?access_token=${encodeURIComponent(token)}`, {
      touser: r.toOpenid,
      template_id: opts.templateId,
      page: r.page,
      miniprogram_state: opts.state ?? 'formal',
      lang: 'zh_CN',
      data: {
        thing1: { value: clip(r.orgName, 20) },
        thing2: { value: clip(`${r.declarantMaskedName}的健康申报`, 20) },
        date3: { value: r.day },
        time4: { value: r.deadline },
        thing5: { value: '今日健康申报尚未提交，请及时填报' },
      },
    })
  }
  return {
    subscribeTemplateId: opts.templateId,
    async remind(r) {
      try {
        let token = await tokens.get()
        let reply = await send(r, token)
        if (TOKEN_ERRCODES.has(Number(reply.errcode))) {
          tokens.invalidate(token)
          token = await tokens.get()
          reply = await send(r, token)
        }
        const code = Number(reply.errcode ?? 0)
        return code === 0 ? 'sent' : code === USER_REFUSED ? 'refused' : 'failed'
      } catch {
        return 'failed'
      }
    },
    async inbox() {
      return []
    },
  }
}
