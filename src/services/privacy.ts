import Taro from '@tarojs/taro'
import { getDemoOpenid } from './demoUser'

/**
 * WeChat's user-privacy flow (小程序隐私协议开发指南, base library ≥ 2.32.3), the only place that
 * knows the platform difference; pages call requirePrivacy() before collecting personal data and
 * show <PrivacyPopup />.
 *
 * WeChat: a privacy API (or wx.requirePrivacyAuthorize, which the app calls itself before the
 * identity form) stays pending and wx.onNeedPrivacyAuthorization hands the app a `resolve`; the
 * popup's <button open-type="agreePrivacyAuthorization" id=AGREE_BUTTON_ID> tap is followed by
 * resolve({ buttonId, event: 'agree' }) (WeChat checks that button was tapped), a refusal by
 * resolve({ event: 'disagree' }), and showing the popup by resolve({ event: 'exposureAuthorization' }).
 * WeChat remembers the agreement. H5: the same popup, asked by the app itself and remembered in
 * storage per demo WeChat user (the stand-in for the account WeChat records it for).
 */
export type PrivacyEvent = 'exposureAuthorization' | 'agree' | 'disagree'
type Resolve = (o: { event: PrivacyEvent; buttonId?: string }) => void
export interface PrivacyAsk {
  /** The API or component that asked (WeChat's eventInfo.referrer), e.g. 'requirePrivacyAuthorize'. */
  referrer: string
}

export const AGREE_BUTTON_ID = 'privacy-agree'
/** A new version of the guide asks again (WeChat does the same when new items are declared). */
const H5_KEY = 'privacy.agreed.v1'
const ASKED = 'privacy:asked'
const SETTLED = 'privacy:settled'

const weapp = () => process.env.TARO_ENV === 'weapp'

let pending: Resolve[] = []
let asking: PrivacyAsk | null = null
let popups = 0

function ask(resolve: Resolve, referrer: string): void {
  pending.push(resolve)
  asking = { referrer }
  if (popups === 0) {
    // No popup on the page that asked: fail the call (WeChat: "privacy permission is not
    // authorized") instead of leaving it pending for ever, and say where to agree.
    void Taro.showToast({ title: '请先在登录页阅读并同意用户隐私保护指引', icon: 'none' })
    decide('disagree')
    return
  }
  Taro.eventCenter.trigger(ASKED, asking)
}

function decide(event: 'agree' | 'disagree'): void {
  const waiting = pending
  pending = []
  asking = null
  for (const r of waiting) r(event === 'agree' ? { buttonId: AGREE_BUTTON_ID, event } : { event })
  Taro.eventCenter.trigger(SETTLED, event)
}

/** Once, at launch: WeChat keeps only the last listener registered. */
export function listenForPrivacyAsks(): void {
  if (!weapp() || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization((resolve, info) => ask(resolve, info?.referrer ?? ''))
}

function h5Key(): string {
  return `${H5_KEY}:${getDemoOpenid() ?? 'anonymous'}`
}

/**
 * Before collecting personal data: true once the user has agreed (at once if they already had),
 * false if they refused. A WeChat base library without the privacy API has no check: true.
 */
export function requirePrivacy(): Promise<boolean> {
  if (weapp()) {
    if (typeof Taro.requirePrivacyAuthorize !== 'function') return Promise.resolve(true)
    return new Promise((done) => {
      Taro.requirePrivacyAuthorize({ success: () => done(true), fail: () => done(false) })
    })
  }
  if (Taro.getStorageSync(h5Key()) === true) return Promise.resolve(true)
  return new Promise((done) => {
    ask(({ event }) => {
      if (event === 'agree') Taro.setStorageSync(h5Key(), true)
      if (event !== 'exposureAuthorization') done(event === 'agree')
    }, 'requirePrivacyAuthorize')
  })
}

/**
 * For the popup: called with the ask now (one made before it mounted) and with each later one;
 * `onSettled` when the user has decided (on any page). Returns the unsubscribe.
 */
export function watchPrivacyAsks(onAsk: (a: PrivacyAsk) => void, onSettled: () => void): () => void {
  popups++
  Taro.eventCenter.on(ASKED, onAsk)
  Taro.eventCenter.on(SETTLED, onSettled)
  if (asking) onAsk(asking)
  return () => {
    popups--
    Taro.eventCenter.off(ASKED, onAsk)
    Taro.eventCenter.off(SETTLED, onSettled)
  }
}

/** The popup is on screen: WeChat is told (exposureAuthorization), before agree or disagree. */
export function privacyPopupShown(): void {
  if (weapp()) for (const r of pending) r({ event: 'exposureAuthorization' })
}

/** WeChat: call from the agree button's onAgreePrivacyAuthorization, after WeChat saw the tap. */
export function agreePrivacy(): void {
  decide('agree')
}

export function refusePrivacy(): void {
  decide('disagree')
}

/**
 * 《用户隐私保护指引》: WeChat opens the guide declared in the admin (wx.openPrivacyContract).
 * H5 has no such page: 'inline' tells the popup to show the same items itself.
 */
export function openPrivacyGuide(): 'opened' | 'inline' {
  if (!weapp() || typeof Taro.openPrivacyContract !== 'function') return 'inline'
  Taro.openPrivacyContract({
    fail: () => void Taro.showToast({ title: '暂时无法打开隐私保护指引，请稍后重试', icon: 'none' }),
  })
  return 'opened'
}
