import { useEffect, useState } from 'react'
import type { DeskData } from '../../types/counter'
import { fieldLabel } from '../../types/fieldLabels'
import { asFailure, beijing, type DeskClient, type DeskFailure } from '../api'
import { ErrorBox } from './ErrorBox'

/** A case the workstation opened, and what its status line says while the holder decides. */
export interface OpenCase {
  opened: DeskData['scan']
  waiting: string
}

type Status = { tone: 'wait' | 'ok' | 'bad'; text: string }

/** 办理情况: the 免证清单, the holder's answer (polled), then the 受理表单 and the department's side. */
export function CasePanel(props: { client: DeskClient; current: OpenCase | null; onNext: () => void }) {
  const { client, current } = props
  const [status, setStatus] = useState<Status>({ tone: 'wait', text: '' })
  const [form, setForm] = useState<DeskData['form'] | null>(null)

  useEffect(() => {
    setForm(null)
    if (!current) return
    setStatus({ tone: 'wait', text: current.waiting })
    const caseId = current.opened.caseId
    let stopped = false
    const timer = setInterval(async () => {
      try {
        const s = await client.call('case', { caseId })
        if (stopped || s.state === 'awaiting') return
        clearInterval(timer)
        if (s.state === 'confirmed') {
          setStatus({ tone: 'ok', text: '办事人已确认授权，受理表单已自动填写。' })
          setForm(await client.call('form', { caseId }))
        } else if (s.reason) setStatus({ tone: 'bad', text: `${s.reason}，本次办理随之结束。如需继续办理，请委托人本人办理或重新发起委托。` })
        else if (s.state === 'refused') setStatus({ tone: 'bad', text: '办事人已拒绝授权。如需继续办理，请办事人重新出示政务码并确认授权，或提交纸质材料。' })
        else setStatus({ tone: 'bad', text: '授权请求已超时（5分钟内未确认）。请重新扫描办事人当前的政务码。' })
      } catch (err) {
        clearInterval(timer)
        if (!stopped) setStatus({ tone: 'bad', text: asFailure(err).text })
      }
    }, 1000)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [current, client])

  return (
    <section className='case-panel' aria-labelledby='case-title' aria-live='polite'>
      <h2 id='case-title'>办理情况</h2>
      {!current ? (
        <p id='case-empty' className='muted'>
          扫描办事人政务码后，这里显示免证清单和受理表单。
        </p>
      ) : (
        <div id='case'>
          <p>
            <span className='muted'>办事人</span>{' '}
            <b id='holder'>{current.opened.agentMasked ? `${current.opened.holderMasked}（代办人 ${current.opened.agentMasked}）` : current.opened.holderMasked}</b> ·{' '}
            <span id='matterName'>{current.opened.matterName}</span>
          </p>
          {current.opened.agent && (
            <div id='agentCheck' className='agent-check' role='note'>
              委托代办：请核对代办人本人身份证原件 —— 姓名 <b id='agentName'>{current.opened.agent.name}</b>，身份证号码后四位{' '}
              <b id='agentLast4'>{current.opened.agent.idLast4}</b>。不一致的，请勿受理。
            </div>
          )}
          <h3 className='sub'>免证清单</h3>
          <table>
            <thead>
              <tr>
                <th scope='col'>证照</th>
                <th scope='col'>电子证照</th>
                <th scope='col'>使用字段</th>
              </tr>
            </thead>
            <tbody id='list'>
              {current.opened.list.map((u) => (
                <tr key={u.type}>
                  <td>{u.title}</td>
                  <td>
                    <span className={`tag ${u.held ? 'yes' : 'no'}`}>{u.held ? '可免提交' : '未领取，需提交材料'}</span>
                  </td>
                  <td>{u.fields.map((f) => fieldLabel(u.type, f)).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p id='status' className={`status ${status.tone}`} role='status'>
            {status.text}
          </p>
          {form && <Form client={client} form={form} agent={current.opened.agent} />}
          <p style={{ marginTop: 14 }}>
            <button type='button' className='secondary' id='next' onClick={props.onNext}>
              受理下一位
            </button>
          </p>
        </div>
      )}
    </section>
  )
}

/** Name and ID number reach the form only when the holder authorized the ID card. */
const NOT_AUTHORIZED = '（未授权身份证）'

/** 受理表单 (filled from the authorized credentials) and 部门审批: 证照查看, 打印, 预归档. */
function Form({ client, form, agent }: { client: DeskClient; form: DeskData['form']; agent: DeskData['scan']['agent'] }) {
  const [materials, setMaterials] = useState<DeskData['materials'] | null>(null)
  const [archive, setArchive] = useState<DeskData['archive']['archive'] | null>(null)
  const [failure, setFailure] = useState<DeskFailure | null>(null)

  useEffect(() => {
    client.call('materials', { caseId: form.caseId }).then(
      (m) => {
        setMaterials(m)
        setArchive(m.archive)
      },
      (err) => setFailure(asFailure(err)),
    )
  }, [client, form.caseId])

  const print = async (type: DeskData['materials']['materials'][number]['type']) => {
    setFailure(null)
    try {
      const p = await client.call('print', { caseId: form.caseId, type })
      const bytes = Uint8Array.from(atob(p.base64), (ch) => ch.charCodeAt(0))
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }))
      if (!window.open(url, '_blank')) {
        const a = document.createElement('a')
        a.href = url
        a.download = p.filename
        a.click()
      }
    } catch (err) {
      setFailure(asFailure(err))
    }
  }
  const doArchive = async () => {
    setFailure(null)
    try {
      setArchive((await client.call('archive', { caseId: form.caseId })).archive)
    } catch (err) {
      setFailure(asFailure(err))
    }
  }

  return (
    <div id='form'>
      <h3 className='sub' style={{ marginTop: 16 }}>
        受理表单（已自动填写）
      </h3>
      <fieldset>
        <legend>申请人</legend>
        <div className='form-grid'>
          <label>
            <span>姓名</span>
            <input id='applicantName' readOnly value={form.applicant ? form.applicant.name : NOT_AUTHORIZED} />
          </label>
          <label>
            <span>身份证号码</span>
            <input id='applicantId' readOnly value={form.applicant ? form.applicant.idNumber : NOT_AUTHORIZED} />
          </label>
        </div>
      </fieldset>
      {agent && (
        <fieldset id='agentForm'>
          <legend>代办人（已核对身份证）</legend>
          <div className='form-grid'>
            <label>
              <span>代办人姓名</span>
              <input id='formAgentName' readOnly value={agent.name} />
            </label>
            <label>
              <span>代办人身份证号码（后四位）</span>
              <input id='formAgentId' readOnly value={`**************${agent.idLast4}`} />
            </label>
          </div>
        </fieldset>
      )}
      <div id='creds'>
        {form.credentials.map((c) => (
          <fieldset key={c.type}>
            <legend>{c.title}</legend>
            <div className='form-grid'>
              {c.fields.map((f) => (
                <label key={f.key}>
                  <span>{f.label}</span>
                  <input readOnly value={f.value} aria-label={`${c.title} ${f.label}`} />
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </div>
      <fieldset id='dept'>
        <legend>部门审批：证照查看、打印与预归档</legend>
        <table>
          <thead>
            <tr>
              <th scope='col'>电子证照</th>
              <th scope='col'>摘要</th>
              <th scope='col'>操作</th>
            </tr>
          </thead>
          <tbody id='materials'>
            {materials?.materials.map((m) => (
              <tr key={m.type}>
                <td>{m.title}</td>
                <td>{m.summary}</td>
                <td>
                  <button type='button' className='secondary' aria-label={`预览 / 打印${m.title}`} onClick={() => print(m.type)}>
                    预览 / 打印
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!materials && !failure && <p className='muted'>正在读取证照…</p>}
        <p style={{ marginTop: 10 }}>
          <button type='button' className='secondary' id='archiveBtn' onClick={doArchive}>
            预归档
          </button>
        </p>
        {archive && (
          <div id='archive'>
            <p className='muted' id='archiveAt'>
              已预归档（{beijing(archive.archivedAt)}，北京时间）：各材料的 SHA-256 摘要
            </p>
            <ul id='archiveList' className='hashes'>
              {archive.materials.map((m) => (
                <li key={m.type}>
                  {m.title}：{m.sha256}
                </li>
              ))}
            </ul>
          </div>
        )}
        <ErrorBox id='dept-error' failure={failure} />
      </fieldset>
    </div>
  )
}
