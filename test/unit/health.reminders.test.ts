import { createOutboxNotifier } from '../../cloudfunctions/adapters/notifier-outbox/outboxNotifier'
import type { DayStatus, DeclarantView } from '../../types/health'
import { openReminders } from '../../src/health/components/reminders'

/** The health list shows a 健康申报提醒 only while it is still true: the day unfiled and not locked. */
const declarant = (today: DayStatus): DeclarantView => ({
  declarantId: 'd1', maskedName: '**英', docType: 'mainland_id', maskedDocNumber: '44**************2X', relation: 'self',
  orgs: [{ orgId: 'o1', orgName: '三年级三班', deadline: '22:00', today, lastSubmittedAt: null, abnormal: false }],
} as DeclarantView)

async function sentReminder() {
  const n = createOutboxNotifier({ now: () => 0 })
  await n.remind({ toOpenid: 'p', orgName: '三年级三班', day: '2026-12-07', declarantMaskedName: '**英', deadline: '22:00', page: '/health/index/index' })
  return n.inbox('p')
}

describe('openReminders', () => {
  it('keeps the reminder while the day is still to be filed', async () => {
    expect(openReminders(await sentReminder(), [declarant('missing')])).toHaveLength(1)
  })
  it.each(['submitted', 'locked', 'not_due'] as DayStatus[])('drops it once the day is %s', async (status) => {
    expect(openReminders(await sentReminder(), [declarant(status)])).toEqual([])
  })
  it('drops a reminder that names another declarant', async () => {
    const other = declarant('missing')
    other.maskedName = '**涵'
    expect(openReminders(await sentReminder(), [other])).toEqual([])
  })
})
