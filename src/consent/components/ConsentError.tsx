import Taro from '@tarojs/taro'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import type { CloudError } from '../../services/cloud'
import { PAGES } from '../../services/platform'

/** A page that could not load: the server's message and next step, and the one action that helps. */
export function ConsentError({ error, onRetry }: { error: CloudError; onRetry: () => void }) {
  if (error.code === 'NOT_LOGGED_IN') {
    return (
      <ErrorNotice message='请先登录' hint='授权需要先登录个人数字空间并进行人脸识别'>
        <Button onClick={() => Taro.navigateTo({ url: PAGES.login })}>去登录</Button>
      </ErrorNotice>
    )
  }
  return (
    <ErrorNotice message={error.message} hint={error.hint || '请稍后重试'}>
      <Button onClick={onRetry}>重新加载</Button>
    </ErrorNotice>
  )
}
