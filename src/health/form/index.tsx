import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { HealthForm, HEALTH_FORM_LABELS as L, DOC_TYPE_LABELS, Symptom, type HealthData } from '../../../types/health'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { callHealth, CloudError } from '../../services/cloud'
import { asCloudError, chinaTime, HEALTH_PAGES, newClientId, useHealthQuery } from '../../services/health'
import { outbox, outboxOwner, useOutbox } from '../../services/healthOutbox'
import type { OutboxEntry } from '../../services/healthOutboxCore'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import { HealthError } from '../components/HealthError'
import { askForReminders } from '../subscribe'
import { collectorBanner, queuedText, returnTarget, successText } from './texts'
import '../components/health.scss'
import { control, fieldLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

type Draft = { phone: string; currentLocation: string; temperature: string; symptoms: HealthForm['symptoms']; riskContact: boolean | null; riskAreaTravel: boolean | null; healthCodeColour: HealthForm['healthCodeColour']; isolation: HealthForm['isolation'] }
/** The China date filed for (today's or yesterday's as the form showed them, or the collector's named day). */
type Sent = { day: string; clientId: string; form: HealthForm }
/** The questions a filer may leave unanswered by mistake (marked in place on submit). */
type Question = 'temperature' | 'riskContact' | 'riskAreaTravel'
type Done = Pick<HealthData['submitDeclaration'], 'day' | 'late'>

function Choices<T extends string>({ options, value, onPick, disabled = false }: { options: ReadonlyArray<readonly [T, string]>; value: T | null; onPick: (v: T) => void; disabled?: boolean }) {
  return (
    <View className='hl-choices' role='radiogroup'>
      {options.map(([v, label]) => (
        <Text {...control('radio', { checked: value === v, disabled })} key={v} className={`hl-choice${value === v ? ' hl-choice--on' : ''}`} onClick={() => onPick(v)}>{label}</Text>
      ))}
    </View>
  )
}
/** Refusals that another try cannot change: the way forward is the list or the collector. */
const FINAL: string[] = ['DAY_LOCKED', 'DAY_CLOSED', 'DAY_OUT_OF_WINDOW', 'NOT_A_MEMBER', 'NOT_BOUND', 'CLIENT_ID_REUSED']
const yesNo: Array<['no' | 'yes', string]> = [['no', '否'], ['yes', '是']]
const asYesNo = (b: boolean | null) => (b === null ? null : b ? 'yes' : 'no')
type Window = HealthData['formContext']['today']
/** Why a closed day is closed, short enough for an action-sheet item. */
const closedShort = (w: Window) => (w.locked ? '采集员已提交当日数据' : '已过截止时间')

/** The daily form (seed 002): 基本信息 + 近期情况, then 提交当日数据 → 本日 or 补提交昨日; 重新提交 resends the same client id. */
function DailyForm() {
  const { orgId = '', declarantId = '', day: pickedDay } = useRouter().params
  const q = useHealthQuery(async (token) => {
    const ctx = await callHealth({ action: 'formContext', sessionToken: token, orgId, declarantId, ...(pickedDay ? { day: pickedDay } : {}) })
    const f = ctx.lastForm
    setDraft({
      phone: f?.phone ?? '', currentLocation: f?.currentLocation ?? '', temperature: f ? String(f.temperature) : '',
      symptoms: f?.symptoms ?? [], riskContact: f ? f.riskContact : null, riskAreaTravel: f ? f.riskAreaTravel : null,
      healthCodeColour: f?.healthCodeColour ?? 'green', isolation: f?.isolation ?? 'none',
    })
    return { token, ctx }
  }, [orgId, declarantId, pickedDay])
  const [draft, setDraft] = useState<Draft | null>(null)
  const [missing, setMissing] = useState<Question[]>([])
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState<CloudError | null>(null)
  const [done, setDone] = useState<Done | null>(null)
  /** Saved on this phone, not yet on the server (no answer, or a timeout): 待发送. */
  const [queued, setQueued] = useState<OutboxEntry | null>(null)
  const sent = useRef<Sent | null>(null)
  // 待发送 on screen while the app resends it by itself (network back, app shown): the outcome replaces it.
  const entries = useOutbox()
  const landed = queued ? entries.find((e) => e.clientId === queued.clientId && (e.state === 'sent' || e.state === 'refused')) : undefined
  useEffect(() => {
    if (!landed) return
    setQueued(null)
    if (landed.state === 'sent') setDone({ day: landed.day, late: landed.late ?? false })
    else if (landed.error) setFailed(new CloudError(landed.error.code as CloudError['code'], landed.error.message, landed.error.hint))
  }, [landed])
  // The result screens replace a form scrolled down to its button: start them at the top, title clear of the nav bar.
  useSpaceScrollTop(done ? 'done' : queued ? 'queued' : failed && sent.current ? 'failed' : 'form')

  if (q.loading && !q.data) return <Loading />
  if (q.error || !q.data || !draft) return <View className='page'>{q.error && <HealthError error={q.error} onRetry={q.reload} />}</View>
  const { ctx, token } = q.data
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch })
  /** Back to where this form was opened from: the collector to the workbench (the same day, reloaded on show), a filer to the list. */
  const goBack = (day: string) => {
    const target = returnTarget({ asCollector: ctx.asCollector, orgId, day }, HEALTH_PAGES)
    const pages = Taro.getCurrentPages()
    const below = pages.length > 1 ? `/${pages[pages.length - 2].route ?? ''}`.replace(/^\/\//, '/') : ''
    if (ctx.asCollector && below.startsWith(HEALTH_PAGES.workbench)) return void Taro.navigateBack()
    void Taro.redirectTo({ url: target.url })
  }
  const windowOf = (day: string) => [ctx.picked, ctx.today, ctx.yesterday].find((w) => w?.day === day)

  /**
   * A filer's declaration is saved on the phone first (healthOutbox.ts), then sent; with no answer
   * it stays 待发送 and goes out by itself later, always under the same client id. The collector's
   * own filing is live (the workbench must never count what is only on a phone): 提交失败, 重新提交.
   */
  const send = async (s: Sent) => {
    const first = sent.current?.clientId !== s.clientId
    sent.current = s
    setBusy(true)
    setFailed(null)
    try {
      if (ctx.asCollector) {
        setDone(await callHealth({ action: 'submitDeclaration', sessionToken: token, orgId, declarantId, day: s.day, clientId: s.clientId, form: s.form }))
        return
      }
      const owner = outboxOwner()
      if (!owner) throw new CloudError('NOT_LOGGED_IN', '请先实名认证登录', '')
      if (first) outbox.enqueue({ clientId: s.clientId, owner, orgId, declarantId, day: s.day, maskedName: ctx.declarant.maskedName, orgName: ctx.org.name, form: s.form })
      const after = await outbox.send(s.clientId)
      if (after?.state === 'sent') {
        setQueued(null)
        setDone({ day: after.day, late: after.late ?? false })
      } else if (after?.state === 'refused' && after.error) {
        setQueued(null)
        setFailed(new CloudError(after.error.code as CloudError['code'], after.error.message, after.error.hint))
      } else {
        setQueued(after)
      }
    } catch (e) {
      setFailed(asCloudError(e))
    } finally {
      setBusy(false)
    }
  }

  const submit = async () => {
    // Each unanswered question is marked where it is, and the page scrolls to the first.
    const unanswered = (['temperature', 'riskContact', 'riskAreaTravel'] as const).filter((k) => draft[k] === null || draft[k] === '')
    setMissing(unanswered)
    if (unanswered.length > 0) {
      void Taro.pageScrollTo({ selector: `[data-question=${unanswered[0]}]`, duration: 200 }).catch(() => undefined)
      return setFormError(`请回答：${unanswered.map((k) => L.fields[k]).join('、')}`)
    }
    if (draft.riskContact === null || draft.riskAreaTravel === null) return
    const parsed = HealthForm.safeParse({ ...draft, temperature: Number(draft.temperature), riskContact: draft.riskContact, riskAreaTravel: draft.riskAreaTravel })
    if (!draft.temperature || !parsed.success) return setFormError(parsed.success ? '请填写今日体温' : parsed.error.issues[0].message)
    setFormError(null)
    // The collector correcting a named day (FAQ 2): that day, no choice to make.
    if (ctx.picked) {
      if (!ctx.picked.open) return setFailed(new CloudError('DAY_OUT_OF_WINDOW', ctx.picked.reason ?? '该日期不能提交', ''))
      return send({ day: ctx.picked.day, clientId: newClientId(), form: parsed.data })
    }
    const open = [ctx.today, ctx.yesterday].filter((w) => w.open)
    if (open.length === 0) return setFailed(new CloudError(ctx.today.locked ? 'DAY_LOCKED' : 'DAY_CLOSED', ctx.today.reason ?? '当日不能再申报', ''))
    // Reminders reach only a filer who accepted the template: ask inside this tap, before any
    // other await (WeChat refuses the request outside a tap); refusal or error never stops the submission.
    await askForReminders(ctx.remindTemplateId, process.env.TARO_ENV, (o) =>
      Taro.requestSubscribeMessage({ tmplIds: o.tmplIds } as Taro.requestSubscribeMessage.Option),
    )
    // Today is always offered: when closed it says why (an action sheet cannot grey one item), and tapping it explains instead of sending.
    const offered = ctx.today.open ? open : [ctx.today, ...open]
    const labels = offered.map((w) => (w.kind === 'today' ? (w.open ? '提交本日数据' : `提交本日数据（${closedShort(w)}）`) : '补提交昨日数据'))
    let pick = 0
    try {
      pick = (await Taro.showActionSheet({ itemList: labels })).tapIndex
    } catch {
      return // cancelled
    }
    const w = offered[pick]
    if (!w.open) return void Taro.showModal({ title: '本日数据不能再提交', content: w.reason ?? '当日不能再申报', showCancel: false, confirmText: '知道了' })
    // Someone else's entry counts now: say whose before replacing it (only the latest counts, FAQ 8).
    if (w.filedBy && !w.filedBy.mine) {
      const ok = await Taro.showModal({ title: '替换已有申报', content: `${w.day} 已由${w.filedBy.text}于 ${chinaTime(w.filedBy.at)} 申报。提交后将以您的申报为准，确定提交？`, confirmText: '提交', cancelText: '取消' })
      if (!ok.confirm) return
    }
    await send({ day: w.day, clientId: newClientId(), form: parsed.data })
  }

  if (done) {
    const text = successText({
      maskedName: ctx.declarant.maskedName, day: done.day, late: done.late, asCollector: ctx.asCollector, entryExisted: windowOf(done.day)?.submitted ?? false,
    })
    return (
      <View className='page'>
        <View className='result-head' data-testid='submitted'>
          <View className='result-head__icon' aria-hidden='true'>✓</View>
          <Text className='result-head__title'>提交成功</Text>
          <Text className='result-head__sub'>{text}</Text>
        </View>
        <View className='hl-bottom'>
          <Button onClick={() => goBack(done.day)}>{returnTarget({ asCollector: ctx.asCollector, orgId, day: done.day }, HEALTH_PAGES).label}</Button>
        </View>
      </View>
    )
  }

  // No answer: saved on this phone (待发送), sent by itself when the network comes back; 重新提交 tries now, same id.
  if (queued && sent.current) {
    return (
      <View className='page'>
        <View className='result-head' data-testid='queued'>
          <View className='result-head__icon result-head__icon--wait' aria-hidden='true'>…</View>
          <Text className='result-head__title'>待发送</Text>
          <Text className='result-head__sub'>{queuedText({ maskedName: ctx.declarant.maskedName, day: queued.day, deadline: ctx.org.deadline })}</Text>
        </View>
        <Text className='hl-note'>网络不好时提交可能失败。建议切换网络或前往网络良好的环境后点击“重新提交”；关闭小程序不会丢失已填写的内容。</Text>
        <View className='hl-bottom'>
          <Button loading={busy} onClick={() => void send(sent.current!)}>{busy ? '发送中' : '重新提交'}</Button>
          <Button type='default' onClick={() => goBack(queued.day)}>返回申报人列表</Button>
        </View>
      </View>
    )
  }

  // 提交失败 (seed 002): its own screen, with 重新提交 (the same client id) when retrying can help.
  if (failed && sent.current) {
    const final = FINAL.includes(failed.code)
    return (
      <View className='page'>
        <ErrorNotice message={`提交失败：${failed.message}`} hint={failed.hint || (failed.code === 'NETWORK' ? '请切换网络或前往网络良好的环境后点击“重新提交”。' : undefined)}>
          {final ? (
            <Button onClick={() => goBack(ctx.picked?.day ?? ctx.today.day)}>{returnTarget({ asCollector: ctx.asCollector, orgId, day: ctx.today.day }, HEALTH_PAGES).label}</Button>
          ) : (
            <>
              <Button loading={busy} onClick={() => void send(sent.current!)}>重新提交</Button>
              <Button type='link' onClick={() => setFailed(null)}>返回修改</Button>
            </>
          )}
        </ErrorNotice>
      </View>
    )
  }

  const closed = ctx.picked ? !ctx.picked.open : !ctx.today.open && !ctx.yesterday.open
  const submitLabel = closed ? '当日不能再申报' : ctx.picked ? `提交 ${ctx.picked.day} 数据` : '提交当日数据'
  // A closed day (locked by the collector, or past the deadline once counted) opens read-only.
  const edit = (p: Partial<Draft>) => {
    if (closed) return
    set(p)
    // The mark and the message go once the question is answered.
    const left = missing.filter((k) => !(k in p))
    if (left.length !== missing.length) {
      setMissing(left)
      setFormError(left.length > 0 ? `请回答：${left.map((k) => L.fields[k]).join('、')}` : null)
    }
  }
  const ask = (k: Question) => ({
    'data-question': k,
    className: `hl-field hl-field--block${missing.includes(k) ? ' hl-field--missing' : ''}`,
  })
  const unansweredNote = (k: Question) => (missing.includes(k) ? <Text className='hl-error'>请选择一项</Text> : null)
  return (
    <View className='page' data-readonly={closed ? 'true' : undefined}>
      <View className='hl-card'>
        <Text className='hl-card__title'>{ctx.declarant.maskedName}</Text>
        <Text className='hl-card__sub'>{DOC_TYPE_LABELS[ctx.declarant.docType]} {ctx.declarant.maskedDocNumber}</Text>
        <Text className='hl-card__sub'>{ctx.org.name} · 每日 {ctx.org.deadline} 截止{ctx.asCollector ? ' · 采集员代填' : ''}</Text>
      </View>
      {ctx.picked && (
        <View className='hl-banner' data-testid='correcting'>
          {collectorBanner({ day: ctx.picked.day, entryExists: ctx.picked.submitted, locked: ctx.picked.locked })}{ctx.picked.open ? '' : ctx.picked.reason}
        </View>
      )}
      {!ctx.picked && ctx.today.locked && <View className='hl-banner'>采集员已提交当日数据，当日不能再申报。{ctx.asCollector ? '您是采集员，仍可修改。' : '如需更新，请联系采集员说明变动情况。'}</View>}
      {!ctx.picked && !ctx.today.open && !ctx.today.locked && <View className='hl-banner' data-testid='today-closed'>{ctx.today.reason}</View>}
      {!ctx.picked && !ctx.today.open && (
        <Text className='hl-note' data-testid='yesterday-state'>
          {ctx.yesterday.open ? `仍可补提交昨日（${ctx.yesterday.day}）数据。` : `昨日（${ctx.yesterday.day}）：${ctx.yesterday.reason ?? '不能补提交'}`}
        </Text>
      )}

      {!closed && !ctx.picked && ctx.today.filedBy && !ctx.today.filedBy.mine && (
        <View className='hl-banner' data-testid='filed-by-other'>今日已由{ctx.today.filedBy.text}于 {chinaTime(ctx.today.filedBy.at)} 申报；再次提交将替换该申报，以最新一次为准。</View>
      )}
      {closed && <Text className='hl-note' data-testid='read-only-note'>以下为已提交的内容，仅供查看。</Text>}
      <View className='section-title'>{L.sections.basic}</View>
      <View className='section'>
        <View className='hl-field'>
          <Text className='hl-field__label'>{L.fields.phone}</Text>
          <Input disabled={closed} className='hl-field__input' {...fieldLabel(L.fields.phone)} type='number' maxlength={11} placeholder='11位手机号码' value={draft.phone} onInput={(e) => edit({ phone: e.detail.value })} />
        </View>
        <View className='hl-field'>
          <Text className='hl-field__label'>{L.fields.currentLocation}</Text>
          <Input disabled={closed} className='hl-field__input' {...fieldLabel(L.fields.currentLocation)} placeholder='例如：广州市天河区' value={draft.currentLocation} onInput={(e) => edit({ currentLocation: e.detail.value })} />
        </View>
      </View>

      <View className='section-title'>{L.sections.condition}</View>
      <View className='section'>
        <View className={`hl-field${missing.includes('temperature') ? ' hl-field--missing' : ''}`} data-question='temperature'>
          <Text className='hl-field__label'>{L.fields.temperature}</Text>
          <Input disabled={closed} className='hl-field__input' {...fieldLabel(L.fields.temperature)} type='digit' placeholder='例如 36.5' value={draft.temperature} onInput={(e) => edit({ temperature: e.detail.value })} />
        </View>
        <View className='hl-field hl-field--block'>
          <Text className='hl-question'>{L.fields.symptoms}（可多选）</Text>
          <View className='hl-choices'>
            <Text {...control('checkbox', { checked: draft.symptoms.length === 0, disabled: closed })} className={`hl-choice${draft.symptoms.length === 0 ? ' hl-choice--on' : ''}`} onClick={() => edit({ symptoms: [] })}>无不适</Text>
            {Symptom.options.map((s) => (
              <Text {...control('checkbox', { checked: draft.symptoms.includes(s), disabled: closed })} key={s} className={`hl-choice${draft.symptoms.includes(s) ? ' hl-choice--on' : ''}`}
                onClick={() => edit({ symptoms: draft.symptoms.includes(s) ? draft.symptoms.filter((x) => x !== s) : [...draft.symptoms, s] })}>
                {L.symptoms[s]}
              </Text>
            ))}
          </View>
        </View>
        <View {...ask('riskContact')}>
          <Text className='hl-question'>{L.fields.riskContact}</Text>
          <Choices options={yesNo} value={asYesNo(draft.riskContact)} onPick={(v) => edit({ riskContact: v === 'yes' })} disabled={closed} />
          {unansweredNote('riskContact')}
        </View>
        <View {...ask('riskAreaTravel')}>
          <Text className='hl-question'>{L.fields.riskAreaTravel}</Text>
          <Choices options={yesNo} value={asYesNo(draft.riskAreaTravel)} onPick={(v) => edit({ riskAreaTravel: v === 'yes' })} disabled={closed} />
          {unansweredNote('riskAreaTravel')}
        </View>
        <View className='hl-field hl-field--block'>
          <Text className='hl-question'>{L.fields.healthCodeColour}</Text>
          <Choices options={Object.entries(L.healthCodeColour) as Array<[Draft['healthCodeColour'], string]>} value={draft.healthCodeColour} onPick={(v) => edit({ healthCodeColour: v })} disabled={closed} />
        </View>
        <View className='hl-field hl-field--block'>
          <Text className='hl-question'>{L.fields.isolation}</Text>
          <Choices options={Object.entries(L.isolation) as Array<[Draft['isolation'], string]>} value={draft.isolation} onPick={(v) => edit({ isolation: v })} disabled={closed} />
        </View>
      </View>
      {formError && <Text className='hl-error'>{formError}</Text>}
      {failed && <ErrorNotice message={failed.message} hint={failed.hint} />}
      <View className='hl-bottom'>
        <Button loading={busy} disabled={closed} onClick={() => void submit()}>{submitLabel}</Button>
      </View>
    </View>
  )
}

export default withTextScale(DailyForm)
