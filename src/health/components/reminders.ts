import type { DeclarantView, OutboxMessage } from '../../../types/health'

/**
 * The reminders still to act on. A 健康申报提醒 names the org and the declarant
 * (“三年级三班：**英 2026-12-07 的健康申报尚未提交…”); once that declarant's day is filed, or the
 * collector has locked it, the message is no longer true and the list does not show it.
 */
export function openReminders(messages: OutboxMessage[], declarants: DeclarantView[]): OutboxMessage[] {
  const pending = declarants.flatMap((d) => d.orgs.filter((o) => o.today === 'missing').map((o) => `${o.orgName}：${d.maskedName} `))
  return messages.filter((m) => pending.some((p) => m.body.startsWith(p)))
}
