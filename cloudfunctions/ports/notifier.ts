/**
 * Reminding filers of missing declarations (SPEC §5 workbench). In WeChat a subscribe message
 * (订阅消息, the user must have accepted the template); locally an outbox the H5 app shows.
 */
export interface Reminder {
  toOpenid: string
  orgName: string
  /** China day being reminded about, YYYY-MM-DD. */
  day: string
  /** Masked: a reminder can be forwarded or shown on a lock screen. */
  declarantMaskedName: string
  deadline: string
  /** Mini-program page the message opens. */
  page: string
}

/** sent; refused = the user has not accepted the template (errcode 43101); failed = anything else. */
export type Delivery = 'sent' | 'refused' | 'failed'

export interface InboxMessage {
  id: string
  at: number
  title: string
  body: string
  page: string
}

export interface Notifier {
  /**
   * The subscribe-message template the filer's mini-program must ask for with
   * wx.requestSubscribeMessage before a reminder can reach them (43101 otherwise); null where no
   * subscription is needed (the local outbox).
   */
  readonly subscribeTemplateId: string | null
  remind(r: Reminder): Promise<Delivery>
  /** What was delivered to this openid (the local outbox); WeChat keeps its own, so [] there. */
  inbox(openid: string): Promise<InboxMessage[]>
}
