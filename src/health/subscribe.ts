/**
 * Asking the filer to accept the reminder template (订阅消息). WeChat delivers a subscribe message
 * only to someone who accepted the template (subscribeMessage.send answers 43101 otherwise), and
 * wx.requestSubscribeMessage may only be called inside a tap: so the form asks on the tap that
 * submits. Pure (the request function is passed in) so it is tested without Taro.
 */
export type SubscribeRequest = (opts: { tmplIds: string[] }) => Promise<unknown>

/**
 * Never blocks or fails the submission: any error (refused, banned, old base library, not in a
 * tap) is swallowed. `request` is called synchronously, before any await, so the caller's tap
 * gesture still counts; H5 and a missing template ask nothing.
 */
export function askForReminders(templateId: string | null, platform: string | undefined, request: SubscribeRequest | undefined): Promise<void> {
  if (platform !== 'weapp' || !templateId || typeof request !== 'function') return Promise.resolve()
  try {
    return request({ tmplIds: [templateId] }).then(
      () => undefined,
      () => undefined,
    )
  } catch {
    return Promise.resolve()
  }
}
