import { useCallback, useEffect, useMemo, useState } from 'react'
import type { DeskData } from '../../types/counter'
import { apiBase, asFailure, createDeskClient, type DeskFailure } from '../api'
import { loadDemo, type DemoSetup } from '../demo'
import { Accept } from './Accept'
import { CasePanel, type OpenCase } from './CasePanel'
import { ErrorBox } from './ErrorBox'
import { Login } from './Login'

/**
 * 免证办 · 窗口受理台: the window staff's workstation. Signs in with a counter account (never an
 * openid), then takes a holder in by one of the seed's ways (扫码, 刷脸办, 读卡) and shows the case:
 * the 免证清单, the holder's answer, the 受理表单 and the department's side.
 */
const TOKEN_KEY = 'counterToken'

export function App() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY))
  const [me, setMe] = useState<DeskData['me'] | null>(null)
  const [demo, setDemo] = useState<DemoSetup>({ account: null, cards: [] })
  const [current, setCurrent] = useState<OpenCase | null>(null)

  const forget = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY)
    setToken(null)
    setMe(null)
    setCurrent(null)
  }, [])
  const client = useMemo(() => createDeskClient({ credential: () => sessionStorage.getItem(TOKEN_KEY), onUnauthorized: forget }), [forget])

  useEffect(() => {
    void loadDemo(apiBase()).then(setDemo)
  }, [])
  useEffect(() => {
    if (token && !me) client.call('me', {}).then(setMe, forget)
  }, [token, me, client, forget])

  const signedIn = (data: DeskData['signIn']) => {
    sessionStorage.setItem(TOKEN_KEY, data.token)
    setToken(data.token)
    setMe({ counterName: data.counterName, operatorName: data.operatorName, matters: data.matters })
  }

  return (
    <>
      <header>
        <div>
          <h1>免证办 · 窗口受理台</h1>
          <p id='where'>{me ? `${me.counterName} · ${me.operatorName}` : '请使用窗口账号登录'}</p>
        </div>
        {me && (
          <button id='signOut' className='secondary' type='button' onClick={forget}>
            退出
          </button>
        )}
      </header>
      {!me ? (
        <main id='login-main' className='single'>
          <Login client={client} demo={token ? null : demo.account} onSignedIn={signedIn} />
        </main>
      ) : (
        <main id='desk-main'>
          <Accept client={client} me={me} cards={demo.cards} token={token} onOpened={setCurrent} />
          <CasePanel client={client} current={current} onNext={() => setCurrent(null)} />
        </main>
      )}
    </>
  )
}

export type ShowError = (err: DeskFailure | null) => void
export const failureOf = asFailure
export { ErrorBox }
