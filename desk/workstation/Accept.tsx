import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { DeskData } from '../../types/counter'
import { asFailure, type DeskClient, type DeskFailure } from '../api'
import type { OpenCase } from './CasePanel'
import { ErrorBox } from './ErrorBox'

type Way = 'scan' | 'face' | 'card'
const WAYS: Array<{ way: Way; name: string }> = [
  { way: 'scan', name: '扫码' },
  { way: 'face', name: '刷脸办' },
  { way: 'card', name: '读卡' },
]

/**
 * CardReader port: the name and number from an ID card's chip. This build has the simulated
 * adapter (pick a demo card or type one); a real reader's SDK replaces it at the window.
 */
export interface CardReader {
  read(): Promise<{ name: string; idNumber: string }>
}

/** 受理: the matter, then one way in. Each way ends in an open case shown beside it. */
export function Accept(props: { client: DeskClient; me: DeskData['me']; cards: Array<{ name: string; idNumber: string }>; onOpened: (c: OpenCase) => void }) {
  const { client, me } = props
  const [matterId, setMatterId] = useState(me.matters[0]?.id ?? '')
  const [way, setWay] = useState<Way>('scan')
  const [failure, setFailure] = useState<DeskFailure | null>(null)
  const [busy, setBusy] = useState(false)
  const codeRef = useRef<HTMLInputElement>(null)
  const [code, setCode] = useState('')

  useEffect(() => codeRef.current?.focus(), [])

  const run = async (what: () => Promise<void>) => {
    setFailure(null)
    setBusy(true)
    try {
      await what()
    } catch (err) {
      setFailure(asFailure(err))
    } finally {
      setBusy(false)
    }
  }

  const scan = (ev: FormEvent) => {
    ev.preventDefault()
    if (way !== 'scan') return
    void run(async () => {
      const opened = await client.call('scan', { matterId, code })
      const waiting = !opened.agent
        ? '已推送授权请求到办事人手机，等待办事人确认授权…'
        : opened.confirmBy === 'agent'
          ? '委托代办：已推送授权请求到代办人手机，等待代办人确认授权…'
          : '委托代办：已推送授权请求到委托人手机，等待委托人远程确认授权…'
      props.onOpened({ opened, waiting })
      setCode('')
    })
  }

  return (
    <section aria-labelledby='accept-title'>
      <h2 id='accept-title'>受理</h2>
      <form id='scan' onSubmit={scan}>
        <label>
          <span>办理事项</span>
          <select id='matter' name='matter' value={matterId} onChange={(e) => setMatterId(e.target.value)}>
            {me.matters.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <div className='ways' role='tablist' aria-label='用证方式'>
          {WAYS.map((w) => (
            <button
              key={w.way}
              type='button'
              role='tab'
              className={`way${way === w.way ? ' on' : ''}`}
              data-way={w.way}
              aria-selected={way === w.way}
              onClick={() => {
                setWay(w.way)
                setFailure(null)
              }}
            >
              {w.name}
            </button>
          ))}
        </div>
        {way === 'scan' && (
          <div data-pane='scan'>
            <label>
              <span>办事人政务码</span>
              <input id='code' ref={codeRef} name='code' placeholder='扫码枪扫描，或输入12位数字' autoComplete='off' value={code} onChange={(e) => setCode(e.target.value)} />
            </label>
            <button type='submit' id='scanBtn' disabled={busy}>
              {busy ? '核验中…' : '核验并推送授权'}
            </button>
            <p className='muted'>办事人在“粤省事·学校服务”小程序打开“政务码”并出示。政务码每30秒刷新、60秒内有效、只能使用一次。</p>
          </div>
        )}
        {way === 'face' && <FacePane client={client} matterId={matterId} onOpened={props.onOpened} onFailure={setFailure} />}
        {way === 'card' && <CardPane client={client} matterId={matterId} cards={props.cards} onOpened={props.onOpened} onFailure={setFailure} />}
      </form>
      <ErrorBox id='scan-error' failure={failure} />
    </section>
  )
}

/** 刷脸办: a one-time QR code (3 minutes) the holder scans; the case opens once they verified by face. */
function FacePane(props: { client: DeskClient; matterId: string; onOpened: (c: OpenCase) => void; onFailure: (f: DeskFailure | null) => void }) {
  const [ticket, setTicket] = useState<DeskData['faceTicket'] | null>(null)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!ticket) return
    let stopped = false
    const timer = setInterval(async () => {
      try {
        const s = await props.client.call('ticket', { ticketId: ticket.ticketId })
        if (stopped || s.state === 'waiting') return
        clearInterval(timer)
        if (s.state === 'expired') return setNote('二维码已过期，请重新生成。')
        setTicket(null)
        if (s.opened) props.onOpened({ opened: s.opened, waiting: '办事人已完成人脸识别，等待办事人在手机上确认授权…' })
      } catch (err) {
        clearInterval(timer)
        props.onFailure(asFailure(err))
      }
    }, 1000)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [ticket, props])

  const make = async () => {
    props.onFailure(null)
    setBusy(true)
    try {
      setTicket(await props.client.call('faceTicket', { matterId: props.matterId }))
      setNote('请办事人用微信扫描二维码，完成人脸识别后在手机上确认授权。二维码3分钟内有效、只能使用一次。')
    } catch (err) {
      props.onFailure(asFailure(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-pane='face'>
      <button type='button' id='faceBtn' onClick={make} disabled={busy}>
        {busy ? '生成中…' : '生成刷脸办二维码'}
      </button>
      {ticket && (
        <div id='faceBox' style={{ marginTop: 12, textAlign: 'center' }}>
          <img id='faceQr' src={ticket.qrDataUrl} alt='刷脸办二维码：请办事人用微信扫描' width={220} height={220} />
          <p className='muted' id='faceNote'>
            {note}
          </p>
          <p className='muted'>二维码已同时推送到已配对的窗口评价器。</p>
          <p className='muted'>
            本地演示：
            <a id='faceLink' href={ticket.link} data-link={ticket.link} target='_blank' rel='noopener noreferrer'>
              在手机页打开此链接
            </a>
          </p>
        </div>
      )}
    </div>
  )
}

/** 读卡: the card reader finds the holder's space; the holder then confirms on the 评价器. */
function CardPane(props: {
  client: DeskClient
  matterId: string
  cards: Array<{ name: string; idNumber: string }>
  onOpened: (c: OpenCase) => void
  onFailure: (f: DeskFailure | null) => void
}) {
  const [pick, setPick] = useState('')
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [busy, setBusy] = useState(false)
  const reader: CardReader = { read: async () => ({ name: name.trim(), idNumber: idNumber.trim() }) }

  const read = async () => {
    props.onFailure(null)
    setBusy(true)
    try {
      const card = await reader.read()
      props.onOpened({ opened: await props.client.call('cardRead', { matterId: props.matterId, card }), waiting: '已推送到窗口评价器，等待办事人在评价器上确认授权…' })
    } catch (err) {
      props.onFailure(asFailure(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-pane='card'>
      <p className='muted'>读卡器（本地为模拟读卡器：选择或输入证件信息）</p>
      <label>
        <span>模拟读卡</span>
        <select
          id='cardPick'
          value={pick}
          onChange={(e) => {
            setPick(e.target.value)
            const c = props.cards[Number(e.target.value)]
            setName(c && e.target.value !== '' ? c.name : '')
            setIdNumber(c && e.target.value !== '' ? c.idNumber : '')
          }}
        >
          <option value=''>手动输入</option>
          {props.cards.map((c, i) => (
            <option key={i} value={String(i)}>
              {c.name}（演示身份证）
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>姓名</span>
        <input id='cardName' autoComplete='off' value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        <span>身份证号码</span>
        <input id='cardId' autoComplete='off' value={idNumber} onChange={(e) => setIdNumber(e.target.value)} />
      </label>
      <button type='button' id='cardBtn' onClick={read} disabled={busy}>
        {busy ? '读卡中…' : '读卡并推送到评价器'}
      </button>
      <p className='muted'>读卡后，请办事人在窗口评价器上核对并确认授权（评价器需先配对，见下方“窗口评价器”）。</p>
    </div>
  )
}
