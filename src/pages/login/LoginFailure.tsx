import type { VerifyMethod } from '../../../types/auth'
import type { CloudError } from '../../services/cloud'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { pendingTicket } from '../../services/health'
import { METHOD_LABEL, PROXY_NOTE } from './labels'

type Props = {
  error: CloudError
  canUse: (m: VerifyMethod) => boolean
  onRetry: () => void
  onSwitch: (m: VerifyMethod) => void
  onBack: () => void
}

/**
 * Each failure's own next step (SPEC §1, seed 002 FAQ 15); the words come from the server. 代他人填报
 * belongs to the health declaration (seed 002): it is offered only when this login is for a health
 * invite (a pending ticket), never to someone logging in for the space or an authorization.
 */
export function LoginFailure({ error, canUse, onRetry, onSwitch, onBack }: Props) {
  const { code, message, hint } = error
  const wxpay = canUse('wxpay')
  const proxyNote = pendingTicket() !== null ? PROXY_NOTE : undefined
  if (code === 'FACE_NO_RECORD') {
    return (
      <ErrorNotice message={message} hint={hint} note={proxyNote}>
        {wxpay && <Button onClick={() => onSwitch('wxpay')}>改用{METHOD_LABEL.wxpay}</Button>}
        <Button type='link' onClick={onBack}>返回</Button>
      </ErrorNotice>
    )
  }
  if (code === 'FACE_CHECK_FAILED') {
    return (
      <ErrorNotice message={message} hint={hint} note={proxyNote}>
        <Button onClick={onRetry}>重试</Button>
        {wxpay && <Button type='default' onClick={() => onSwitch('wxpay')}>改用{METHOD_LABEL.wxpay}</Button>}
      </ErrorNotice>
    )
  }
  if (code === 'WXPAY_CHECK_FAILED') {
    return (
      <ErrorNotice message={message} hint={hint} note={proxyNote}>
        <Button onClick={onRetry}>重试</Button>
        {canUse('face') && <Button type='default' onClick={() => onSwitch('face')}>改用{METHOD_LABEL.face}</Button>}
      </ErrorNotice>
    )
  }
  return (
    <ErrorNotice message={message} hint={hint}>
      <Button onClick={onBack}>重新开始</Button>
    </ErrorNotice>
  )
}
