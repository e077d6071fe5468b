import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { DOC_TYPE_LABELS, HEALTH_FORM_LABELS, type HealthData, type WorkbenchFilter } from '../../../types/health'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { callHealth } from '../../services/cloud'
import { canDownloadSeparately, downloadSaved, openSaved, opensAtOnce, saveFromUrl, type SavedFile } from '../../services/openFile'
import { asCloudError, chinaTime, chinaToday, HEALTH_PAGES, newClientId, useHealthQuery } from '../../services/health'
import { HealthError } from '../components/HealthError'
import { StatusTag } from '../components/StatusTag'
import { ShareSheet } from './ShareSheet'
import { StatsChart } from './StatsChart'
import '../components/health.scss'
import './index.scss'
import { control, fieldLabel as inputLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

type Filter = (typeof WorkbenchFilter)['_type']
type Invite = HealthData['issueInvite']
const TABS: Array<[Filter, string]> = [['all', '全部'], ['missing', '未申报'], ['submitted', '已申报'], ['abnormal', '异常']]
/**
 * Members per page. A page is what one setData sends to the view (WeChat's render cost): 20 rows,
 * even with a name conflict on each, stay well under 32 kB (docs/BENCHMARKS.md, setData).
 */
export const PAGE = 20
const SEARCH_PAUSE_MS = 500
const fieldLabel = (k: string) => ({ temperature: '发热', symptoms: '有症状', riskContact: '接触史', riskAreaTravel: '中高风险地区', healthCodeColour: '非绿码', isolation: '隔离中' } as Record<string, string>)[k] ?? (HEALTH_FORM_LABELS.fields as Record<string, string>)[k] ?? k
const addDay = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const modal = (title: string, content: string) => void Taro.showModal({ title, content, showCancel: false, confirmText: '知道了' })

type Reminded = HealthData['remindMissing']
/** HH:mm when the reminder was sent on the day shown; MM-DD HH:mm when it was sent on a later day (a past day reminded). */
const remindedWhen = (at: number, day: string) => {
  const when = chinaTime(at)
  return when.startsWith(day.slice(5)) ? when.slice(-5) : when
}
const remindTitle = (r: Reminded) => (r.reminded > 0 ? '已发送提醒' : r.refused + r.failed + r.unreachable > 0 ? '提醒未送达' : '没有需要提醒的成员')
/** Every outcome named: refused (the filer never allowed reminders) is not the same as a failed send, which is worth retrying. */
const remindText = (r: Reminded) =>
  [
    `已提醒 ${r.reminded} 位填报人`,
    r.refused ? `${r.refused} 位未开启消息提醒（需在微信中提交一次申报并允许接收提醒）` : '',
    r.failed ? `${r.failed} 条发送失败，可稍后再点“提醒未申报”重试` : '',
    r.unreachable ? `${r.unreachable} 位申报人暂无填报人` : '',
  ].filter(Boolean).join('，') + '。'

/** 采集员工作台 (SPEC §5): counts, members with the day's status, remind, lock, stats, export, invite. */
function Workbench() {
  const { orgId = '', share, day: openedDay } = useRouter().params
  const [day, setDay] = useState(openedDay && /^\d{4}-\d{2}-\d{2}$/.test(openedDay) ? openedDay : chinaToday())
  const [filter, setFilter] = useState<Filter>('all')
  /** What is typed (kept on every keystroke) and what was searched (on 搜索, or once typing pauses). */
  const [typed, setTyped] = useState('')
  const [search, setSearch] = useState('')
  /** Which page of members (from 0): the server sends that page only (offset/limit). */
  const [page, setPage] = useState(0)
  const [invite, setInvite] = useState<Invite | null>(null)
  const [sheet, setSheet] = useState(share === '1')
  const [busy, setBusy] = useState<'lock' | 'remind' | null>(null)
  /** The running (or failed) export: `failed` holds the message shown with 重试. */
  const [progress, setProgress] = useState<{ from: string; done: number; total: number; failed: string | null } | null>(null)
  const currentJob = useRef<string | null>(null)
  /** The last workbook exported, kept for 打开文件 (WeChat) / 下载 (H5) until closed. */
  const [exported, setExported] = useState<(SavedFile & { rows: number }) | null>(null)

  const q = useHealthQuery(async (token) => {
    const [wb, stats] = await Promise.all([
      callHealth({ action: 'workbenchDay', sessionToken: token, orgId, day, filter, search: search || undefined, offset: page * PAGE, limit: PAGE }),
      callHealth({ action: 'stats', sessionToken: token, orgId, range: { from: addDay(day, -6), to: day } }),
    ])
    return { token, wb, stats }
  }, [orgId, day, filter, search, page])
  const token = q.data?.token
  // Back from the form (代填 / 更正): the counts and rows changed.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void q.reload()
    shown.current = true
  })
  useEffect(() => {
    const timer = setTimeout(() => {
      if (typed.trim() === search) return
      setSearch(typed.trim())
      setPage(0)
    }, SEARCH_PAUSE_MS)
    return () => clearTimeout(timer)
  }, [typed, search])
  // Fewer members than the page shown (some left, a filter emptied): the last page there is.
  const total = q.data?.wb.total
  useEffect(() => {
    if (total !== undefined && page > 0 && page * PAGE >= total) setPage(Math.max(0, Math.ceil(total / PAGE) - 1))
  }, [total, page])

  useEffect(() => {
    if (token && !invite) callHealth({ action: 'issueInvite', sessionToken: token, orgId }).then(setInvite, () => undefined)
  }, [token, orgId, invite])
  useShareAppMessage(() => (invite ? { title: invite.title, path: invite.path } : { title: '学校成员健康申报', path: HEALTH_PAGES.home }))

  if (q.loading && !q.data) return <Loading />
  if (q.error || !q.data) return <View className='page'>{q.error && <HealthError error={q.error} onRetry={q.reload} />}</View>
  const { wb, stats } = q.data

  const lock = async () => {
    const ok = await Taro.showModal({ title: '提交当日数据', content: `提交后成员${day}当日不能再申报（您仍可为成员修改）。已申报 ${wb.counts.submitted} 人，未申报 ${wb.counts.missing} 人。确定提交？`, confirmText: '提交', cancelText: '取消' })
    if (!ok.confirm) return
    setBusy('lock')
    try {
      await callHealth({ action: 'lockDay', sessionToken: token!, orgId, day })
      void Taro.showToast({ title: '已提交当日数据', icon: 'success' })
      await q.reload()
    } catch (e) {
      const err = asCloudError(e)
      modal(err.message, err.hint)
    } finally {
      setBusy(null)
    }
  }
  /** which name the class knows this member by, when two filers typed different ones. */
  const resolveName = async (declarantId: string, keep: 'current' | 'other', name: string) => {
    const ok = await Taro.showModal({ title: '确认申报人姓名', content: `确认该申报人的姓名为“${name}”？各填报人申报人列表中的姓名不受影响。`, confirmText: '确认', cancelText: '取消' })
    if (!ok.confirm) return
    try {
      await callHealth({ action: 'resolveName', sessionToken: token!, orgId, day, declarantId, keep })
      void Taro.showToast({ title: '已确认姓名', icon: 'success' })
    } catch (e) {
      const err = asCloudError(e)
      modal(err.message, err.hint)
    }
    await q.reload()
  }
  const remind = async () => {
    if (!wb) return
    // Why the button does nothing, said instead of a silent tap.
    if (wb.locked) return modal('不能再提醒', '当日数据已提交，成员不能再申报，提醒已无意义。如需补充，请直接为成员代填。')
    if (wb.counts.missing === 0) return modal('没有需要提醒的成员', '当日成员均已申报。')
    const ok = await Taro.showModal({ title: '提醒未申报', content: `将向 ${wb.counts.missing} 位未申报成员的填报人发送微信提醒。确定发送？`, confirmText: '发送', cancelText: '取消' })
    if (!ok.confirm) return
    setBusy('remind')
    try {
      const r = await callHealth({ action: 'remindMissing', sessionToken: token!, orgId, day })
      modal(remindTitle(r), remindText(r))
      // The trace is stored: read back, so this page shows what every other device shows.
      await q.reload()
    } catch (e) {
      const err = asCloudError(e)
      modal(err.message, err.hint)
    } finally {
      setBusy(null)
    }
  }
  const exportRange = async (from: string) => {
    const jobId = newClientId()
    currentJob.current = jobId
    // A superseded export (the user tapped 重试) must not touch the bar any more.
    const mine = () => currentJob.current === jobId
    let timer: ReturnType<typeof setInterval> | undefined = undefined
    const fail = (message: string) => {
      clearInterval(timer)
      if (mine()) setProgress((p) => ({ from, done: p?.done ?? 0, total: p?.total ?? 0, failed: message }))
    }
    setProgress({ from, done: 0, total: 0, failed: null })
    setExported(null)
    timer = setInterval(() => {
      callHealth({ action: 'exportProgress', sessionToken: token!, jobId }).then((p) => {
        if (p.state === 'failed') fail('导出失败，请重试')
        else if (p.state !== 'unknown' && mine()) setProgress({ from, done: p.done, total: p.total, failed: null })
      }, () => undefined)
    }, 400)
    try {
      const file = await callHealth({ action: 'export', sessionToken: token!, orgId, range: { from, to: day }, jobId })
      clearInterval(timer)
      if (!mine()) return
      setProgress({ from, done: file.rowCount, total: file.rowCount, failed: null })
      const saved = await saveFromUrl(file.fileName, 'xlsx', file.url)
      setExported({ ...saved, rows: file.rowCount })
      setProgress(null)
      void Taro.showToast({ title: `已导出 ${file.rowCount} 行`, icon: 'success' })
      if (opensAtOnce()) await openSaved(saved).catch((e) => modal(asCloudError(e).message, asCloudError(e).hint))
    } catch (e) {
      fail(`导出失败：${asCloudError(e).message}`)
    }
  }
  const chooseExport = async () => {
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: [`导出 ${day} 当日`, `导出近7天（${addDay(day, -6)} 至 ${day}）`] })
      await exportRange(tapIndex === 0 ? day : addDay(day, -6))
    } catch {
      // cancelled
    }
  }

  const pages = Math.ceil(wb.total / PAGE)
  /** Another page: the list's top comes back into view, the rows come from the server. */
  const turn = (to: number) => {
    if (q.loading || to < 0 || to >= pages) return
    setPage(to)
    void Taro.pageScrollTo({ selector: '.wb-tabs', duration: 0 }).catch(() => undefined)
  }
  const items: Array<[string, number, string]> = [['成员', wb.counts.members, ''], ['已申报', wb.counts.submitted, ''], ['未申报', wb.counts.missing, 'missing'], ['异常', wb.counts.abnormal, 'abnormal']]
  return (
    <View className='page'>
      <View className='hl-card'>
        <Text className='hl-card__title'>{wb.org.name}</Text>
        <Picker mode='date' value={day} start={wb.firstDay} end={chinaToday()} onChange={(e) => { setDay(String(e.detail.value)); setPage(0) }}>
          <Text className='hl-card__sub'>
            {day} ›  {wb.locked ? `已于 ${chinaTime(wb.lockedAt!)} 提交当日数据` : `截止 ${wb.org.deadline}${wb.due ? '' : ' · 今日无需申报'}`}
          </Text>
        </Picker>
      </View>
      <View className='wb-counts' data-testid='counts'>
        {items.map(([label, n, cls]) => (
          <View key={label} className={`wb-counts__item${cls ? ` wb-counts__item--${cls}` : ''}`}>
            <Text className='wb-counts__n'>{n}</Text>
            <Text className='wb-counts__label'>{label}</Text>
          </View>
        ))}
      </View>
      <View className='wb-tools'>
        <Text {...control('button')} className='wb-tool' onClick={() => setSheet(true)}>邀请成员</Text>
        <Text
          {...control('button', { disabled: wb.locked || wb.counts.missing === 0 })}
          className={`wb-tool${wb.locked || wb.counts.missing === 0 ? ' wb-tool--off' : ''}`}
          onClick={() => void (busy ? undefined : remind())}
        >
          {busy === 'remind' ? '发送中…' : '提醒未申报'}
        </Text>
        <Text {...control('button')} className='wb-tool' onClick={() => void (progress && !progress.failed ? undefined : chooseExport())}>导出Excel</Text>
      </View>
      {wb.locked && <Text className='hl-note' data-testid='remind-off'>当日数据已提交，成员不能再申报，无需再提醒。</Text>}
      {/* The stored trace of the last reminder, so it is not sent twice by mistake (also after a reload or from another phone). */}
      {!wb.locked && wb.reminder && (
        <Text className='hl-note' data-testid='reminded-at'>
          {`已于 ${remindedWhen(wb.reminder.at, day)} 提醒 ${wb.reminder.count} 位填报人${wb.reminder.times > 1 ? `，共提醒 ${wb.reminder.times} 次` : ''}`}
        </Text>
      )}
      {progress && !progress.failed && (
        <View className='wb-progress' data-testid='export-progress'>
          正在导出 {progress.done}/{progress.total || '…'} 行
          <View className='wb-progress__track'>
            <View className='wb-progress__bar' style={{ width: `${progress.total ? Math.round((progress.done / progress.total) * 100) : 5}%` }} />
          </View>
        </View>
      )}
      {progress?.failed && (
        <View className='wb-progress' data-testid='export-failed'>
          <Text className='hl-error'>{progress.failed}</Text>
          <View className='hl-actions'>
            <Text {...control('button')} className='wb-tool' onClick={() => void exportRange(progress.from)}>重试</Text>
            <Text {...control('button')} className='wb-tool' onClick={() => { currentJob.current = null; setProgress(null) }}>关闭</Text>
          </View>
        </View>
      )}
      {exported && (
        <View className='wb-progress' data-testid='export-done'>
          <Text>已导出 {exported.rows} 行：{exported.name}</Text>
          <View className='hl-actions'>
            {canDownloadSeparately()
              ? <Text {...control('button')} className='wb-tool' onClick={() => downloadSaved(exported)}>下载</Text>
              : <Text {...control('button')} className='wb-tool' onClick={() => void openSaved(exported).catch((e) => modal(asCloudError(e).message, asCloudError(e).hint))}>打开文件</Text>}
            <Text {...control('button')} className='wb-tool' onClick={() => setExported(null)}>关闭</Text>
          </View>
        </View>
      )}
      <View className='wb-tabs' role='tablist'>
        {TABS.map(([f, label]) => (
          <Text {...control('tab', { selected: filter === f })} key={f} className={`wb-tab${filter === f ? ' wb-tab--on' : ''}`} onClick={() => { setFilter(f); setPage(0) }}>{label}</Text>
        ))}
      </View>
      <Input
        className='wb-search' {...inputLabel('搜索成员姓名')} placeholder='搜索成员姓名' value={typed} confirmType='search' data-testid='member-search'
        onInput={(e) => setTyped(e.detail.value)}
        onConfirm={(e) => { setTyped(e.detail.value); setSearch(e.detail.value.trim()); setPage(0) }}
      />
      <View className='hl-card' data-testid='members'>
        {wb.rows.length === 0 && (
          <View className='hl-empty'>
            {wb.counts.members === 0 ? '还没有成员。点击“邀请成员”，把邀请卡片发到班级群。' : '没有符合条件的成员'}
          </View>
        )}
        {wb.rows.map((r) => (
          <View key={r.declarantId} className='hl-row wb-member'>
            <View>
              <Text className='wb-member__name'>{r.name}</Text>
              <StatusTag status={r.status} />
              {r.abnormal.map((a) => <Text key={a} className='hl-tag hl-tag--abnormal'>{fieldLabel(a)}</Text>)}
              {r.nameConflict && <Text className='hl-tag hl-tag--missing'>姓名待确认</Text>}
              {/* One string, not five text nodes: every node of a row is bytes in each setData. */}
              <Text className='wb-member__sub'>{`${DOC_TYPE_LABELS[r.docType]} ${r.maskedDocNumber}${r.submittedAt ? ` · ${chinaTime(r.submittedAt)}${r.late ? ' 逾期' : ''}` : ''}${r.filedBy ? ` · ${r.filedBy.text}填报` : ''}`}</Text>
              {r.nameConflict && r.otherName && (
                // two filers typed different names for a document nobody can check; the collector settles it.
                <View className='wb-conflict' data-testid='name-conflict'>
                  <Text className='wb-conflict__text'>两位填报人填写的姓名不一致，另一位填写为“{r.otherName}”。请与家长核实后确认申报人姓名。</Text>
                  <View className='wb-conflict__acts'>
                    <Text {...control('button')} className='wb-conflict__act' onClick={() => void resolveName(r.declarantId, 'current', r.name)}>保留“{r.name}”</Text>
                    <Text {...control('button')} className='wb-conflict__act' onClick={() => void resolveName(r.declarantId, 'other', r.otherName!)}>改为“{r.otherName}”</Text>
                  </View>
                </View>
              )}
            </View>
            {/* Any day up to today: the collector files or corrects that very day (FAQ 2, FAQ 17). */}
            <Text {...control('button')} className='wb-member__act' onClick={() => void Taro.navigateTo({ url: `${HEALTH_PAGES.form}?orgId=${orgId}&declarantId=${r.declarantId}&day=${day}` })}>
              {r.status === 'submitted' ? '更正' : '代填'}
            </Text>
          </View>
        ))}
        {pages > 1 && (
          <View className='wb-pager' data-testid='pager'>
            <Text className='wb-pager__at' aria-live='polite'>{q.loading ? '加载中…' : `第 ${page + 1}/${pages} 页 · 共 ${wb.total} 人`}</Text>
            <View className='wb-pager__btns'>
              <Text {...control('button', { disabled: page === 0 })} className={`wb-pager__btn${page === 0 ? ' wb-pager__btn--off' : ''}`} onClick={() => turn(page - 1)}>上一页</Text>
              <Text {...control('button', { disabled: page >= pages - 1 })} className={`wb-pager__btn${page >= pages - 1 ? ' wb-pager__btn--off' : ''}`} onClick={() => turn(page + 1)}>下一页</Text>
            </View>
          </View>
        )}
      </View>
      <View className='section-title'>近7天申报统计</View>
      <View className='hl-card'>
        <StatsChart days={stats.days} />
      </View>
      <View className='hl-bottom'>
        {wb.locked ? (
          <Button disabled>当日数据已提交</Button>
        ) : day < wb.firstDay ? (
          <Button disabled>组织创建之前没有申报数据</Button>
        ) : (
          <Button loading={busy === 'lock'} onClick={() => void lock()}>提交当日数据</Button>
        )}
      </View>
      {sheet && invite && <ShareSheet path={invite.path} title={invite.title} expiresAt={invite.expiresAt} onClose={() => setSheet(false)} />}
    </View>
  )
}

export default withTextScale(Workbench)
