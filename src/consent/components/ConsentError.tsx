import Taro from '@tarojs/taro'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import type { CloudError } from '../../services/cloud'
import { CONSENT_PAGES } from '../../services/consent'
import { PAGES } from '../../services/platform'
import { returnAfterLogin } from '../../services/returnAfterLogin'

/** No retry fixes these: the code itself is missing, malformed or unknown. */
const WRONG_CODE = new Set(['REQUEST_NOT_FOUND', 'BAD_REQUEST', 'TICKET_INVALID', 'CASE_NOT_FOUND'])

/**
 * A page that could not load: the server's message and next step, and the one action that helps.
 * 去登录 remembers `returnTo`, so the login comes back to this page (services/returnAfterLogin.ts).
 */
export function ConsentError({ error, onRetry, returnTo }: { error: CloudError; onRetry: () => void; returnTo?: string }) {
  if (error.code === 'NOT_LOGGED_IN') {
    const login = () => {
      if (returnTo) returnAfterLogin(returnTo)
      void Taro.navigateTo({ url: PAGES.login })
    }
    return (
      <ErrorNotice message={error.message} hint={error.hint}>
        <Button onClick={login}>去登录</Button>
      </ErrorNotice>
    )
  }
  if (error.code === 'REQUEST_NOT_RELATED') {
    return (
      <ErrorNotice message={error.message} hint={error.hint}>
        <Button onClick={() => void Taro.redirectTo({ url: CONSENT_PAGES.mine })}>我的授权</Button>
      </ErrorNotice>
    )
  }
  if (WRONG_CODE.has(error.code)) {
    return (
      <ErrorNotice message={error.message} hint={error.hint}>
        <Button onClick={() => void Taro.reLaunch({ url: PAGES.home })}>返回首页</Button>
      </ErrorNotice>
    )
  }
  return (
    <ErrorNotice message={error.message} hint={error.hint || '请稍后重试'}>
      <Button onClick={onRetry}>重新加载</Button>
    </ErrorNotice>
  )
}
