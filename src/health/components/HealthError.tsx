import Taro from '@tarojs/taro'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Button } from '../../components/Button'
import type { CloudError } from '../../services/cloud'
import { PAGES } from '../../services/platform'

/** A failure with its next step: log in when that is what is missing, otherwise retry. */
export function HealthError({ error, onRetry }: { error: CloudError; onRetry?: () => void }) {
  const needsLogin = error.code === 'NOT_LOGGED_IN'
  return (
    <ErrorNotice message={error.message} hint={error.hint}>
      {needsLogin ? (
        <Button onClick={() => void Taro.navigateTo({ url: PAGES.login })}>实名认证登录</Button>
      ) : (
        onRetry && <Button type='default' onClick={onRetry}>重试</Button>
      )}
    </ErrorNotice>
  )
}
