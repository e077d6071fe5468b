import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { DeskData, ServiceView } from '../../types/counter'
import { asFailure, createDeskClient, type DeskFailure } from '../api'
import { noticeLines } from '../../cloudfunctions/domain/consent/notice'

/**
 * 窗口评价器 · 证照服务授权: a tablet facing the holder. It is a device of its own: paired once
 * with a code from the workstation, it keeps its own credential and calls with it (a staff token
 * is not accepted here). One screen at a time — pairing, waiting, the request to check, the
 * 刷脸办 code, the result — in large type, with no staff controls.
 */
type Screen =
  | { kind: 'pair'; note: string | null }
  | { kind: 'idle' }
  | { kind: 'ask'; service: ServiceView }
  | { kind: 'face'; face: NonNullable<DeskData['kiosk']['face']> }
  | { kind: 'done'; text: string }

const KEY = 'kioskCredential'
const UNPAIRED = '本评价器已解除配对或配对已失效。请窗口工作人员在受理台点击“配对评价器”，在下方输入新的8位配对码。'

/** A pairing code handed over in the address by the workstation's demo link (#pair=12345678). */
function codeFromAddress(): string {
  const m = /pair=(\d{8})/.exec(location.hash)
  if (m) history.replaceState(null, '', location.pathname)
  return m ? m[1] : ''
}

export function Kiosk() {
  const [credential, setCredential] = useState<string | null>(() => localStorage.getItem(KEY))
  const [screen, setScreen] = useState<Screen>(() => (localStorage.getItem(KEY) ? { kind: 'idle' } : { kind: 'pair', note: null }))
  const [where, setWhere] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const busy = useRef(false)
  const doneUntil = useRef(0)
  const current = useRef<string | null>(null)

  const unpaired = useCallback((note: string | null) => {
    localStorage.removeItem(KEY)
    setCredential(null)
    setWhere('')
    current.current = null
    setScreen({ kind: 'pair', note })
  }, [])
  const client = useMemo(() => createDeskClient({ credential: () => localStorage.getItem(KEY) }), [])

  const tick = useCallback(async () => {
    if (busy.current || !localStorage.getItem(KEY)) return
    try {
      const r = await client.call('kiosk', {})
      setWhere(`${r.counterName} · 评价器 ${r.deviceNo}`)
      setProblem(null)
      if (Date.now() < doneUntil.current) return
      if (r.service) {
        const service = r.service
        current.current = service.caseId
        setScreen((s) => (s.kind === 'ask' && s.service.caseId === service.caseId ? s : { kind: 'ask', service }))
        return
      }
      current.current = null
      if (r.face) return setScreen({ kind: 'face', face: r.face })
      setScreen({ kind: 'idle' })
    } catch (err) {
      const f = asFailure(err)
      if (f.code === 'KIOSK_NOT_PAIRED') return unpaired(UNPAIRED)
      setProblem(f.text)
    }
  }, [client, unpaired])

  useEffect(() => {
    if (!credential) return
    void tick()
    const timer = setInterval(tick, 1000)
    return () => clearInterval(timer)
  }, [credential, tick])

  const answer = async (service: ServiceView, decision: 'confirm' | 'refuse') => {
    if (busy.current) return
    busy.current = true
    let text: string
    try {
      await client.call('kioskAnswer', { caseId: service.caseId, decision, notice: service.notice.hash })
      text = decision === 'confirm' ? '授权成功，窗口工作人员将为您办理。' : '已拒绝授权，请向窗口提交纸质材料。'
    } catch (err) {
      const f = asFailure(err)
      busy.current = false
      if (f.code === 'KIOSK_NOT_PAIRED') return unpaired('本评价器已解除配对。请联系窗口工作人员重新配对。')
      text = f.text
    }
    busy.current = false
    current.current = null
    doneUntil.current = Date.now() + 5000
    setScreen({ kind: 'done', text })
  }

  const paired = (p: DeskData['pair']) => {
    localStorage.setItem(KEY, p.credential)
    setWhere(`${p.counterName} · 评价器 ${p.deviceNo}`)
    setCredential(p.credential)
    setScreen({ kind: 'idle' })
  }

  return (
    <>
      <header>
        <h1>证照服务授权</h1>
        <p id='where'>{where}</p>
      </header>
      <main aria-live='polite'>
        {screen.kind === 'pair' && <Pairing client={client} note={screen.note} onPaired={paired} />}
        {screen.kind === 'idle' && (
          <section id='idle' className='idle'>
            <h2>欢迎办理业务</h2>
            <p>窗口工作人员读取您的身份证后，请在此核对需要授权的证照信息。</p>
            {problem && (
              <p id='idle-error' className='error' role='alert'>
                {problem}
              </p>
            )}
          </section>
        )}
        {screen.kind === 'ask' && (
          <section id='ask' aria-labelledby='ask-title'>
            <h2 id='ask-title'>请核对需要授权的证照信息</h2>
            {/* The 授权说明 is the summary: window, matter, what will be read, validity, how to revoke. */}
            {screen.service.uses.some((u) => u.held) && <Notice text={screen.service.notice.text} />}
            {screen.service.uses.some((u) => !u.held) && (
              <ul id='uses'>
                {screen.service.uses.filter((u) => !u.held).map((u) => (
                  <li key={u.type}>
                    <b>{`${u.title}（未领取，需提交纸质材料）`}</b>
                  </li>
                ))}
              </ul>
            )}
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
        {screen.kind === 'face' && <FaceCode face={screen.face} />}
        {screen.kind === 'done' && (
          <section id='done' className='done' role='status'>
            {screen.text}
          </section>
        )}
      </main>
    </>
  )
}

/** 评价器配对: the 8-digit code the workstation shows (typed, or read by the device's scanner). */
function Pairing(props: { client: ReturnType<typeof createDeskClient>; note: string | null; onPaired: (p: DeskData['pair']) => void }) {
  const [code, setCode] = useState(codeFromAddress)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<DeskFailure | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    setFailure(null)
    setBusy(true)
    try {
      props.onPaired(await props.client.call('pair', { code: code.trim() }))
    } catch (err) {
      setFailure(asFailure(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section id='pair' className='pair' aria-labelledby='pair-title'>
      <h2 id='pair-title'>评价器配对</h2>
      <p id='pair-note'>
        {props.note ?? '本评价器尚未与办事窗口配对。请窗口工作人员在受理台点击“配对评价器”，在下方输入受理台显示的8位配对码（也可用扫码枪扫描配对码二维码）。'}
      </p>
      <form id='pairForm' onSubmit={submit}>
        <label htmlFor='pairCode'>配对码</label>
        <input
          id='pairCode'
          ref={input}
          name='pairCode'
          inputMode='numeric'
          autoComplete='off'
          maxLength={8}
          pattern='\d{8}'
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <div>
          <button type='submit' id='pairBtn' disabled={busy}>
            {busy ? '配对中…' : '配对'}
          </button>
        </div>
      </form>
      {failure && (
        <p id='pair-error' className='error' role='alert'>
          {failure.text}
        </p>
      )}
    </section>
  )
}

/** 刷脸办 pushed from the workstation: the counter's one-time code, with the time it has left. */
function FaceCode({ face }: { face: NonNullable<DeskData['kiosk']['face']> }) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  const left = Math.max(0, Math.round((face.expiresAt - now) / 1000))
  return (
    <section id='face' className='face' aria-labelledby='face-title'>
      <h2 id='face-title'>刷脸办</h2>
      <p>请使用微信扫描二维码，完成人脸识别后在手机上确认授权。</p>
      <img id='faceQr' src={face.qrDataUrl} alt='刷脸办二维码：请用微信扫描' width={280} height={280} />
      <p className='muted' id='faceLeft'>
        二维码{Math.floor(left / 60)}分{left % 60}秒内有效，只能使用一次。
      </p>
    </section>
  )
}

/**
 * 授权说明 exactly as its canonical text says (cloudfunctions/domain/consent/notice.ts), as the
 * phone's 服务授权 shows it: what the holder reads here is what the hash sent with 确认授权 names.
 */
function Notice({ text }: { text: string }) {
  const { title, rows } = noticeLines(text)
  return (
    <section id='notice' className='notice' aria-label={title}>
      <h3>{title}</h3>
      {rows.map((r, i) => (
        <p key={i}>{r.k ? `${r.k}：${r.v}` : r.v}</p>
      ))}
    </section>
  )
}
