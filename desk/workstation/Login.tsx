import { useEffect, useState, type FormEvent } from 'react'
import type { DeskData } from '../../types/counter'
import { asFailure, type DeskClient, type DeskFailure } from '../api'
import { ErrorBox } from './ErrorBox'

/** 窗口账号登录. Locally the demo account is filled in and the page says so. */
export function Login(props: {
  client: DeskClient
  demo: { operatorId: string; password: string } | null
  /** Why the staff member is here again (退出, idle, signed out elsewhere). */
  notice: string | null
  onSignedIn: (d: DeskData['signIn']) => void
}) {
  const [operatorId, setOperatorId] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<DeskFailure | null>(null)

  useEffect(() => {
    if (props.demo) {
      setOperatorId(props.demo.operatorId)
      setPassword(props.demo.password)
    }
  }, [props.demo])

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    setFailure(null)
    setBusy(true)
    try {
      props.onSignedIn(await props.client.call('signIn', { operatorId, password }))
    } catch (err) {
      setFailure(asFailure(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby='login-title'>
      <h2 id='login-title'>窗口账号登录</h2>
      {props.notice && (
        <p id='login-notice' className='notice' role='status'>
          {props.notice}
        </p>
      )}
      {props.demo && (
        <p className='demo' id='demo-note'>
          本地演示：已填入演示窗口账号。正式环境由系统管理员为窗口工作人员开通账号。
        </p>
      )}
      <form id='login' onSubmit={submit}>
        <label>
          <span>窗口账号</span>
          <input id='operatorId' name='operatorId' autoComplete='username' required value={operatorId} onChange={(e) => setOperatorId(e.target.value)} />
        </label>
        <label>
          <span>密码</span>
          <input id='password' name='password' type='password' autoComplete='current-password' required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type='submit' id='loginBtn' disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
      <ErrorBox id='login-error' failure={failure} />
    </section>
  )
}
