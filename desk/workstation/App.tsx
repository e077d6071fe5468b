import { useCallback, useEffect, useMemo, useState } from 'react'
import type { DeskData } from '../../types/counter'
import { apiBase, createDeskClient, type DeskFailure } from '../api'
import { loadDemo, type DemoSetup } from '../demo'
import { Accept } from './Accept'
import { CasePanel, type OpenCase } from './CasePanel'
import { KioskPanel } from './KioskPanel'
import { Login } from './Login'

/**
 * 免证办 · 窗口受理台: the window staff's workstation. Signs in with a counter account (never an
 * openid), then takes a holder in by one of the seed's ways (扫码, 刷脸办, 读卡) and shows the case:
 * the 免证清单, the holder's answer, the 受理表单 and the department's side. It pairs and unpairs
 * the counter's 评价器, and 退出 ends the session on the server.
 */
const TOKEN_KEY = 'counterToken'

export function App() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY))
  const [me, setMe] = useState<DeskData['me'] | null>(null)
  const [demo, setDemo] = useState<DemoSetup>({ account: null, cards: [] })
  const [current, setCurrent] = useState<OpenCase | null>(null)
  /** Why the login screen is showing again (退出, idle, signed out elsewhere). */
  const [notice, setNotice] = useState<string | null>(null)

  const forget = useCallback((why?: string) => {
    sessionStorage.removeItem(TOKEN_KEY)
    setToken(null)
    setMe(null)
    setCurrent(null)
    setNotice(why ?? null)
  }, [])
  const client = useMemo(
    () => createDeskClient({ credential: () => sessionStorage.getItem(TOKEN_KEY), onUnauthorized: (f: DeskFailure) => forget(f.text) }),
    [forget],
  )

  useEffect(() => {
    void loadDemo(apiBase()).then(setDemo)
  }, [])
  useEffect(() => {
    if (token && !me) client.call('me', {}).then(setMe, () => forget())
  }, [token, me, client, forget])

  const signedIn = (data: DeskData['signIn']) => {
    sessionStorage.setItem(TOKEN_KEY, data.token)
    setToken(data.token)
    setNotice(null)
    setMe({ counterName: data.counterName, operatorName: data.operatorName, matters: data.matters, idleMinutes: data.idleMinutes })
  }
  /** 退出: the server ends the session (the token is dead at once), then the page forgets it. */
  const signOut = async () => {
    await client.call('signOut', {}).catch(() => undefined) // already ended or idle: forgotten all the same
    forget('已退出登录。')
  }

  return (
    <>
      <header>
        <div>
          <h1>免证办 · 窗口受理台</h1>
          <p id='where'>{me ? `${me.counterName} · ${me.operatorName}` : '请使用窗口账号登录'}</p>
        </div>
        {me && (
          <button id='signOut' className='secondary' type='button' onClick={signOut}>
            退出
          </button>
        )}
      </header>
      {!me ? (
        <main id='login-main' className='single'>
          <Login client={client} demo={token ? null : demo.account} notice={notice} onSignedIn={signedIn} />
        </main>
      ) : (
        <main id='desk-main'>
          <Accept client={client} me={me} cards={demo.cards} onOpened={setCurrent} />
          <KioskPanel client={client} />
          <CasePanel client={client} current={current} onNext={() => setCurrent(null)} />
        </main>
      )}
    </>
  )
}
