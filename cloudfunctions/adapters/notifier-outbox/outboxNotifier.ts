import type { Clock } from '../../ports/clock'
import type { InboxMessage, Notifier, Reminder } from '../../ports/notifier'

const KEEP = 50

/** The local cloud's Notifier: messages kept in memory per openid (newest first), shown by the H5 app. */
export function createOutboxNotifier(clock: Clock): Notifier & { all(): Array<InboxMessage & { to: string }> } {
  const boxes = new Map<string, InboxMessage[]>()
  let seq = 0
  return {
    subscribeTemplateId: null,
    async remind(r: Reminder) {
      const box = boxes.get(r.toOpenid) ?? []
      box.unshift({
        id: `m${++seq}`,
        at: clock.now(),
        title: '健康申报提醒',
        body: `${r.orgName}：${r.declarantMaskedName} ${r.day} 的健康申报尚未提交，请在 ${r.deadline} 前完成申报。`,
        page: r.page,
      })
      boxes.set(r.toOpenid, box.slice(0, KEEP))
      return 'sent'
    },
    async inbox(openid: string) {
      return boxes.get(openid) ?? []
    },
    all: () => [...boxes].flatMap(([to, msgs]) => msgs.map((m) => ({ ...m, to }))),
  }
}
