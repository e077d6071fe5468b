import { createOutboxNotifier } from '../../cloudfunctions/adapters/notifier-outbox/outboxNotifier'
import { createSubscribeNotifier, SUBSCRIBE_SEND_URL } from '../../cloudfunctions/adapters/notifier-wechat/subscribeNotifier'
import type { Reminder } from '../../cloudfunctions/ports/notifier'

const reminder: Reminder = { toOpenid: 'o-parent', orgName: '广州市第一中学初一(3)班健康申报组织名称较长', day: '2026-11-22', declarantMaskedName: '**涵', deadline: '22:00', page: '/health/index/index' }

/** A fake WeChat: token endpoint, then scripted subscribe/send replies; records the bodies sent. */
function fakeWeChat(sendReplies: object[]) {
  const sent: Array<{ url: string; body: any }> = []
  let tokens = 0
  const fetchFn = (async (input: any, init?: RequestInit) => {
    const url = String(input)
    const body = JSON.parse(String(init?.body))
    const reply = url.includes('stable_token') ? { access_token: `T${++tokens}`, expires_in: 7200 } : (sent.push({ url, body }), sendReplies.shift() ?? { errcode: 0 })
    return new Response(JSON.stringify(reply), { status: 200 })
  }) as typeof fetch
  const notifier = createSubscribeNotifier({ appId: 'wx1', appSecret: 's', templateId: 'TPL', fetch: fetchFn, clock: { now: () => 0 } })
  return { notifier, sent }
}

describe('subscribe-message notifier (written to the documented API, run against a fake)', () => {
  it('sends the documented body with values clipped to the template limits', async () => {
    const { notifier, sent } = fakeWeChat([{ errcode: 0, errmsg: 'ok' }])
    await expect(notifier.remind(reminder)).resolves.toBe('sent')
    expect(sent[0].url).toBe(`${SUBSCRIBE_SEND_URL}?access_token=T1`)
    expect(sent[0].body).toMatchObject({ touser: 'o-parent', template_id: 'TPL', page: '/health/index/index', lang: 'zh_CN', miniprogram_state: 'formal' })
    expect(Array.from(sent[0].body.data.thing1.value as string).length).toBeLessThanOrEqual(20)
    expect(sent[0].body.data.thing2.value).toBe('**涵的健康申报')
    expect(JSON.stringify(sent[0].body)).not.toContain('吴思涵')
  })

  it('43101 (not subscribed) is a refusal, a stale token is retried once, anything else fails without throwing', async () => {
    expect(await fakeWeChat([{ errcode: 43101, errmsg: 'user refuse to accept the msg' }]).notifier.remind(reminder)).toBe('refused')
    const retried = fakeWeChat([{ errcode: 40001 }, { errcode: 0 }])
    expect(await retried.notifier.remind(reminder)).toBe('sent')
    expect(retried.sent).toHaveLength(2)
    expect(await fakeWeChat([{ errcode: 47003, errmsg: 'argument invalid' }]).notifier.remind(reminder)).toBe('failed')
  })
})

describe('local outbox notifier', () => {
  it('keeps each openid its own messages, newest first', async () => {
    const outbox = createOutboxNotifier({ now: () => 5 })
    await outbox.remind(reminder)
    await outbox.remind({ ...reminder, day: '2026-11-23' })
    const box = await outbox.inbox('o-parent')
    expect(box.map((m) => m.body.includes('2026-11-23'))).toEqual([true, false])
    expect(box[0]).toMatchObject({ title: '健康申报提醒', page: '/health/index/index', at: 5 })
    expect(await outbox.inbox('someone-else')).toEqual([])
  })
})
