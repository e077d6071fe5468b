import { useCallback, useEffect, useState } from 'react'
import type { DeskData, KioskDeviceView } from '../../types/counter'
import { asFailure, type DeskClient, type DeskFailure } from '../api'
import { ErrorBox } from './ErrorBox'

/** Month-day and time, Beijing time, for the device list. */
const shortTime = (ms: number) => {
  const d = new Date(ms + 8 * 3600_000).toISOString()
  return `${d.slice(5, 10)} ${d.slice(11, 16)}`
}

/**
 * 窗口评价器: the counter's 评价器 are devices of their own. Staff show a one-time pairing code
 * (8 digits, 5 minutes), type it on the device once, and can 解除配对 at any time; from then on
 * the device's own credential is refused.
 */
export function KioskPanel({ client }: { client: DeskClient }) {
  const [devices, setDevices] = useState<KioskDeviceView[] | null>(null)
  const [pairing, setPairing] = useState<DeskData['pairCode'] | null>(null)
  const [pairNote, setPairNote] = useState('')
  const [failure, setFailure] = useState<DeskFailure | null>(null)

  const load = useCallback(async () => {
    try {
      const r = await client.call('devices', {})
      setDevices(r.devices)
      return r.devices
    } catch (err) {
      setFailure(asFailure(err))
      return null
    }
  }, [client])
  useEffect(() => {
    void load()
  }, [load])

  // While a code is shown, watch for the device it pairs (or the code running out).
  useEffect(() => {
    if (!pairing) return
    const pairedCount = (list: KioskDeviceView[] | null) => (list ?? []).filter((d) => d.state === 'paired').length
    const before = pairedCount(devices)
    const timer = setInterval(async () => {
      if (Date.now() >= pairing.expiresAt) {
        clearInterval(timer)
        setPairNote('配对码已过期，请重新生成。')
        return
      }
      const now = await client.call('devices', {}).catch(() => null)
      if (now && pairedCount(now.devices) > before) {
        clearInterval(timer)
        setDevices(now.devices)
        setPairing(null)
      }
    }, 2000)
    return () => clearInterval(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `devices` at the moment the code was made
  }, [pairing, client])

  const newCode = async () => {
    setFailure(null)
    try {
      setPairing(await client.call('pairCode', {}))
      setPairNote('请在评价器上输入此配对码。5分钟内有效、只能使用一次。')
    } catch (err) {
      setFailure(asFailure(err))
    }
  }
  const unpair = async (d: KioskDeviceView) => {
    if (!window.confirm(`解除配对后，评价器 ${d.deviceNo} 将无法再显示授权页面，需重新配对。确定解除？`)) return
    setFailure(null)
    try {
      await client.call('unpair', { deviceNo: d.deviceNo })
      await load()
    } catch (err) {
      setFailure(asFailure(err))
    }
  }

  return (
    <section className='kiosk-panel' aria-labelledby='kiosk-title'>
      <h2 id='kiosk-title'>窗口评价器</h2>
      <p className='muted'>办事人在面向自己的评价器上确认授权。新评价器需配对一次：点击“配对评价器”，在评价器上输入配对码。</p>
      <button type='button' className='secondary' id='pairBtn' onClick={newCode}>
        配对评价器
      </button>
      {pairing && (
        <div id='pairBox' className='pair-box'>
          <img id='pairQr' src={pairing.qrDataUrl} alt='配对码二维码：可用评价器的扫码枪扫描' width={96} height={96} />
          <div>
            <p className='pair-code' id='pairCode'>
              {`${pairing.code.slice(0, 4)} ${pairing.code.slice(4)}`}
            </p>
            <p className='muted' id='pairNote'>
              {pairNote}
            </p>
            <p className='muted'>
              本地演示：
              <a id='pairLink' href={`kiosk#pair=${pairing.code}`} target='_blank' rel='noopener noreferrer'>
                在新窗口打开评价器并填入配对码
              </a>
            </p>
          </div>
        </div>
      )}
      <table style={{ marginTop: 10 }}>
        <caption className='muted devices-caption'>已配对的评价器</caption>
        <thead>
          <tr>
            <th scope='col'>评价器编号</th>
            <th scope='col'>配对</th>
            <th scope='col'>状态</th>
            <th scope='col'>操作</th>
          </tr>
        </thead>
        <tbody id='devices'>
          {(devices ?? []).map((d) => (
            <tr key={d.deviceNo}>
              <td>{d.deviceNo}</td>
              <td>
                {shortTime(d.pairedAt)} {d.pairedBy}
              </td>
              <td>
                <span className={`tag ${d.state === 'paired' ? 'yes' : 'no'}`}>{d.state === 'paired' ? '已配对' : '已解除'}</span>
              </td>
              <td>
                {d.state === 'paired' && (
                  <button type='button' className='secondary' aria-label={`解除配对 ${d.deviceNo}`} onClick={() => unpair(d)}>
                    解除配对
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {devices === null && !failure && <p className='muted'>正在读取评价器…</p>}
      {devices?.length === 0 && (
        <p id='devices-empty' className='muted'>
          本窗口还没有配对评价器。
        </p>
      )}
      <ErrorBox id='kiosk-error' failure={failure} />
    </section>
  )
}
