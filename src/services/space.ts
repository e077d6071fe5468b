import Taro from '@tarojs/taro'
import { CloudError } from './cloud'

/** The digital-space subpackage (app.config.ts `subPackages`, root `space`). */
export const SPACE_PAGES = {
  home: '/space/index/index',
  detail: '/space/detail/index',
  link: '/space/link/index',
  deadEnd: '/space/dead-end/index',
  children: '/space/children/index',
  child: '/space/child/index',
  history: '/space/history/index',
  reports: '/space/reports/index',
  report: '/space/report/index',
  download: '/space/download/index',
} as const

/** Back to the space home if it is under this page, else open it in place of this page. */
export function backToSpaceHome(): void {
  const pages = Taro.getCurrentPages()
  const at = pages.map((p) => `/${p.route ?? ''}`.replace(/^\/\//, '/').split('?')[0]).lastIndexOf(SPACE_PAGES.home)
  if (at >= 0 && at < pages.length - 1) void Taro.navigateBack({ delta: pages.length - 1 - at })
  else void Taro.redirectTo({ url: SPACE_PAGES.home })
}

export const asCloudError = (e: unknown): CloudError =>
  e instanceof CloudError ? e : new CloudError('INTERNAL', '系统繁忙，请稍后重试', '')

// Kept here too: the space and consent pages import them from this module.
export { requireToken, VerificationCancelled, withFreshVerification } from './freshVerification'
