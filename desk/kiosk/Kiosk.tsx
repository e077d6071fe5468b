import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ServiceView } from '../../types/counter'
import { asFailure, createDeskClient } from '../api'

/**
 * 窗口评价器 · 证照服务授权: a tablet facing the holder (seed: 读卡 → the holder confirms on the
 * 评价器). One screen at a time — waiting, the request to check, the result — in large type, with
 * no staff controls.
 */
type Screen = { kind: 'idle' } | { kind: 'ask'; service: ServiceView } | { kind: 'done'; text: string }

const CREDENTIAL_KEY = 'counterToken'

/** Handed over in the address by the workstation that opened this window; kept for this tab only. */
function takeHandover(): void {
  const m = /token=([^&]+)/.exec(location.hash)
  if (m) {
    sessionStorage.setItem(CREDENTIAL_KEY, decodeURIComponent(m[1]))
    history.replaceState(null, '', location.pathname)
  }
}
takeHandover()

export function Kiosk() {
  const [screen, setScreen] = useState<Screen>({ kind: 'idle' })
  const [problem, setProblem] = useState<string | null>(null)
  const busy = useRef(false)
  const shown = useRef<string | null>(null)

  const client = useMemo(() => createDeskClient({ credential: () => sessionStorage.getItem(CREDENTIAL_KEY) }), [])
  const connected = sessionStorage.getItem(CREDENTIAL_KEY) !== null

  const tick = useCallback(async () => {
    if (busy.current || !connected) return
    try {
      const r = await client.call('kiosk', {})
      setProblem(null)
      if (r.service && shown.current !== r.service.caseId) {
        shown.current = r.service.caseId
        setScreen({ kind: 'ask', service: r.service })
      }
      if (!r.service) setScreen((s) => (s.kind === 'ask' ? ((shown.current = null), { kind: 'idle' }) : s))
    } catch (err) {
      setProblem(asFailure(err).text)
    }
  }, [client, connected])

  useEffect(() => {
    void tick()
    const timer = setInterval(tick, 1000)
    return () => clearInterval(timer)
  }, [tick])

  const answer = async (service: ServiceView, decision: 'confirm' | 'refuse') => {
    if (busy.current) return
    busy.current = true
    try {
      await client.call('kioskAnswer', { caseId: service.caseId, decision })
      setScreen({ kind: 'done', text: decision === 'confirm' ? '授权成功，窗口工作人员将为您办理。' : '已拒绝授权，请向窗口提交纸质材料。' })
      setTimeout(() => {
        shown.current = null
        setScreen({ kind: 'idle' })
      }, 5000)
    } catch (err) {
      setScreen({ kind: 'done', text: asFailure(err).text })
    } finally {
      busy.current = false
    }
  }

  return (
    <>
      <header>
        <h1>证照服务授权</h1>
      </header>
      <main aria-live='polite'>
        {screen.kind === 'idle' && (
          <section id='idle' className='idle'>
            <h2>欢迎办理业务</h2>
            <p>窗口工作人员读取您的身份证后，请在此核对需要授权的证照信息。</p>
            {(problem || !connected) && (
              <p id='idle-error' className='error' role='alert'>
                {problem ?? '评价器未与窗口连接：请在窗口受理台点击“打开评价器”。'}
              </p>
            )}
          </section>
        )}
        {screen.kind === 'ask' && (
          <section id='ask' aria-labelledby='ask-title'>
            <h2 id='ask-title'>请核对需要授权的证照信息</h2>
            <dl>
              <dt>办理窗口</dt>
              <dd id='counterName'>{screen.service.counterName}</dd>
              <dt>办理事项</dt>
              <dd id='matterName'>{screen.service.matterName}</dd>
              <dt>有效期</dt>
              <dd id='grant'>确认后{screen.service.grantMinutes}分钟内</dd>
            </dl>
            <ul id='uses'>
              {screen.service.uses.map((u) => (
                <li key={u.type}>
                  <b>{u.title + (u.held ? '' : '（未领取，需提交纸质材料）')}</b>
                  <span className='muted'>{u.held ? `窗口将读取：${u.fields.join('、')}` : ''}</span>
                </li>
              ))}
            </ul>
            <div className='actions'>
              <button type='button' className='no' id='refuse' onClick={() => answer(screen.service, 'refuse')}>
                拒绝
              </button>
              <button type='button' className='ok' id='confirm' onClick={() => answer(screen.service, 'confirm')}>
                确认授权
              </button>
            </div>
          </section>
        )}
        {screen.kind === 'done' && (
          <section id='done' className='done' role='status'>
            {screen.text}
          </section>
        )}
      </main>
    </>
  )
}
