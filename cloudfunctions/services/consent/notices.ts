import type { Notice } from '../../domain/consent/notice'
import { AppError } from '../../domain/errors'
import type { ConsentDeps } from './consentDeps'

/**
 * 授权说明 at the moment of 同意 (domain/consent/notice.ts), for the three places a holder agrees:
 * the consent page (signConsent), the counter's 服务授权 (counter/holder.ts settleCase) and
 * 发起委托 (counter/delegation.ts).
 */

/** Keeps a 授权说明 once, content-addressed (NoticeStore.put is idempotent): run it beside the grant's enqueue. */
export const storeNotice = (deps: Pick<ConsentDeps, 'consent' | 'clock'>, n: Notice): Promise<void> =>
  deps.consent.notices.put({ id: n.hash, text: n.text, createdAt: deps.clock.now() })

/**
 * The 授权说明 the page showed (`shown`, its hash) is the one in force now, or NOTICE_CHANGED
 * before anything is written. Absent: a caller from before notices; the one in force is recorded.
 */
export function requireSameNotice(current: Notice, shown: string | undefined): void {
  if (shown !== undefined && shown !== current.hash) throw new AppError('NOTICE_CHANGED')
}
