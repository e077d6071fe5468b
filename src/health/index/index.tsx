import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useRef } from 'react'
import { DOC_TYPE_LABELS, FREQUENCY_LABELS, type DeclarantView } from '../../../types/health'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { callHealth } from '../../services/cloud'
import { asCloudError, chinaTime, chinaToday, HEALTH_PAGES, pendingTicket, useHealthQuery } from '../../services/health'
import { flushOutbox, outbox, useOutbox } from '../../services/healthOutbox'
import { latestFor, type OutboxEntry } from '../../services/healthOutboxCore'
import { HealthError } from '../components/HealthError'
import { AbnormalTag, StatusTag } from '../components/StatusTag'
import { openReminders } from '../components/reminders'
import '../components/health.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const go = (url: string) => void Taro.navigateTo({ url })

async function confirm(title: string, content: string): Promise<boolean> {
  const r = await Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' })
  return r.confirm
}

/** Today's or yesterday's entry from this phone's queue, shown for that day until a later server entry replaces it. */
function shownEntry(entries: OutboxEntry[], orgId: string, declarantId: string, lastSubmittedAt: number | null): OutboxEntry | null {
  const e = latestFor(entries, orgId, declarantId)
  const today = chinaToday()
  const yesterday = chinaToday(Date.now() - 86_400_000)
  if (!e) return null
  // A sent one only for the days the list is about; one not sent, or refused, whatever its day (never dropped unseen).
  if (e.state === 'sent' && e.day !== today && e.day !== yesterday) return null
  // Sent, and the server has counted someone's later entry since: the server's state says it.
  if (e.state === 'sent' && lastSubmittedAt !== null && e.sentAt !== undefined && lastSubmittedAt > e.sentAt) return null
  return e
}

/** Refusals whose next step is the collector, not the form (the day is closed to this filer). */
const CONTACT_COLLECTOR = ['DAY_LOCKED', 'DAY_CLOSED', 'NOT_A_MEMBER', 'NOT_BOUND']

const dayWords = (e: OutboxEntry) =>
  e.day === chinaToday() ? '' : e.day === chinaToday(Date.now() - 86_400_000) ? `昨日（${e.day.slice(5)}）` : `${e.day.slice(5)} `

/**
 * One state per declarant and day from this phone's queue: 待发送 (saved here only), 发送中,
 * 未能提交 with the server's reason and the next step, each in place of the server's tag (which
 * cannot know of it); once sent, the server's 已申报 with 已提交 and the time (逾期 when late).
 */
function OutboxState({ e, onForm }: { e: OutboxEntry; onForm?: () => void }) {
  if (e.state === 'sent') {
    // On the server now: its own tag (已申报) stands beside this; the phone adds when it got there.
    return (
      <View data-testid='outbox-state'>
        {e.late && <Text className='hl-tag hl-tag--missing'>逾期</Text>}
        <Text className='hl-card__sub'>{dayWords(e)}已提交，提交时间 {chinaTime(e.sentAt ?? e.savedAt)}{e.late ? '，已过截止时间，记为逾期' : ''}</Text>
      </View>
    )
  }
  if (e.state === 'refused') {
    return (
      <View data-testid='outbox-state'>
        <Text className='hl-tag hl-tag--locked'>{dayWords(e)}未能提交</Text>
        <Text className='hl-card__sub'>{e.error?.message}</Text>
        {e.error?.hint && <Text className='hl-card__sub'>{e.error.hint}</Text>}
        <View className='hl-actions'>
          {onForm && !CONTACT_COLLECTOR.includes(e.error?.code ?? '') && <Text {...control('button')} className='hl-action' onClick={onForm}>重新填写</Text>}
          <Text {...control('button')} className='hl-action' onClick={() => outbox.dismiss(e.clientId)}>知道了</Text>
        </View>
      </View>
    )
  }
  const sending = e.state === 'sending'
  return (
    <View data-testid='outbox-state'>
      <Text className='hl-tag hl-tag--queued'>{dayWords(e)}{sending ? '发送中' : '待发送'}</Text>
      <Text className='hl-card__sub'>
        {sending ? '正在提交，请稍候' : `已保存在本机（${chinaTime(e.savedAt)}），尚未提交，采集员暂时看不到；网络恢复后将自动发送`}
      </Text>
      {!sending && (
        <View className='hl-actions'>
          <Text {...control('button')} className='hl-action' onClick={() => void flushOutbox()}>重新提交</Text>
        </View>
      )}
    </View>
  )
}

function DeclarantCard({ d, token, entries, onChanged }: { d: DeclarantView; token: string; entries: OutboxEntry[]; onChanged: () => void }) {
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run()
      void Taro.showToast({ title: done, icon: 'success' })
      onChanged()
    } catch (e) {
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    }
  }
  const remove = async () => {
    if (!(await confirm('删除申报人', `删除后不再为${d.maskedName}申报，但其仍为组织成员；如需再代其填报，需重新点击邀请卡片绑定。`))) return
    await act(() => callHealth({ action: 'removeDeclarant', sessionToken: token, declarantId: d.declarantId }), '已删除')
  }
  const leave = async (orgId: string, orgName: string) => {
    if (!(await confirm('退出组织', `将为${d.maskedName}退出“${orgName}”。退出后需采集员重新发送邀请卡片才能再次加入。`))) return
    await act(() => callHealth({ action: 'leaveOrgFor', sessionToken: token, orgId, declarantId: d.declarantId }), '已退出')
  }
  return (
    <View className='hl-card' data-testid='declarant'>
      <Text className='hl-card__title'>
        {d.maskedName}
        <Text className='hl-tag hl-tag--not_due'>{d.relation === 'self' ? '本人' : '代填'}</Text>
      </Text>
      <Text className='hl-card__sub'>{DOC_TYPE_LABELS[d.docType]} {d.maskedDocNumber}</Text>
      {d.orgs.length === 0 && <Text className='hl-card__sub'>已退出所有组织。如需再次申报，请点击采集员发送的邀请卡片。</Text>}
      {d.orgs.map((o) => {
        const e = shownEntry(entries, o.orgId, d.declarantId, o.lastSubmittedAt)
        return (
        <View key={o.orgId} className='hl-org'>
          <View>
            <Text>{o.orgName}</Text>
            {(!e || e.state === 'sent') && <StatusTag status={o.today} />}
            {o.abnormal && <AbnormalTag />}
            {e && <OutboxState e={e} onForm={() => go(`${HEALTH_PAGES.form}?orgId=${o.orgId}&declarantId=${d.declarantId}`)} />}
            <Text className='hl-card__sub'>
              {o.locked ? '采集员已提交今日数据，今日不能再申报' : `今日截止 ${o.deadline}`}
              {o.lastSubmittedAt ? ` · 最近提交 ${chinaTime(o.lastSubmittedAt)}` : ''}
              {o.filedBy && !o.filedBy.mine ? `（${o.filedBy.text}填报）` : ''}
            </Text>
          </View>
          <View className='hl-actions'>
            <Text {...control('button')} className='hl-action' onClick={() => go(`${HEALTH_PAGES.form}?orgId=${o.orgId}&declarantId=${d.declarantId}`)}>{o.locked ? '查看申报' : '再次申报'}</Text>
            <Text {...control('button')} className='hl-action--danger' onClick={() => void leave(o.orgId, o.orgName)}>退出组织</Text>
          </View>
        </View>
        )
      })}
      <View className='hl-actions hl-actions--foot'>
        <Text {...control('button')} className='hl-action--danger' onClick={() => void remove()}>删除申报人</Text>
      </View>
    </View>
  )
}

/** 健康申报 home (seed 002): my declarants with each org's status; the orgs I collect for. */
function HealthHome() {
  const q = useHealthQuery(async (token) => ({ token, home: await callHealth({ action: 'home', sessionToken: token }), inbox: await callHealth({ action: 'inbox', sessionToken: token }) }), [])
  const entries = useOutbox()
  // Opening (and showing again) resends what this phone holds; the list reloads as each one lands.
  useDidShow(() => {
    void flushOutbox()
    if (q.data) void q.reload()
  })
  const landed = entries.filter((e) => e.state === 'sent' || e.state === 'refused').map((e) => e.clientId).join(',')
  const seen = useRef(landed)
  useEffect(() => {
    if (landed === seen.current) return
    seen.current = landed
    void q.reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [landed])
  const ticket = pendingTicket()

  // Without the server (offline): what this phone still holds, by the masked name and org it saved.
  const unsent = entries.filter((e) => e.state !== 'sent')
  const onPhone = unsent.length > 0 && (
    <>
      <View className='section-title'>本机待发送的申报</View>
      {unsent.map((e) => (
        <View key={e.clientId} className='hl-card' data-testid='outbox-entry'>
          <Text className='hl-card__title'>{e.maskedName}</Text>
          <Text className='hl-card__sub'>{e.orgName} · {e.day}</Text>
          <OutboxState e={e} />
        </View>
      ))}
    </>
  )

  if (q.loading && !q.data) return <Loading />
  if (q.error || !q.data) return <View className='page'>{q.error && <HealthError error={q.error} onRetry={q.reload} />}{onPhone}</View>
  const { home, token, inbox } = q.data
  const reminders = openReminders(inbox.messages, home.declarants)

  return (
    <View className='page'>
      {ticket && (
        <View {...control('button')} className='hl-banner' onClick={() => go(`${HEALTH_PAGES.invite}?t=${encodeURIComponent(ticket)}`)}>
          您有一张尚未处理的邀请卡片，点击继续加入组织 ›
        </View>
      )}
      {reminders.length > 0 && (
        <View className='hl-banner' data-testid='inbox'>
          {reminders[0].title}：{reminders[0].body}
        </View>
      )}
      <View className='section-title'>申报人列表</View>
      {home.declarants.length === 0 ? (
        <View className='hl-card hl-empty'>
          <Text className='hl-empty__title'>暂无申报人</Text>
          首次填报需要点击学校采集员（班主任、辅导员等）在微信聊天中发送的邀请卡片，按指引选择“本人填报”或“代他人填报”。
        </View>
      ) : (
        home.declarants.map((d) => <DeclarantCard key={d.declarantId} d={d} token={token} entries={entries} onChanged={() => void q.reload()} />)
      )}
      <Text className='hl-note'>添加申报人需要点击相应组织采集员发送的邀请卡片，不能直接从小程序入口添加。每个申报人可同时有 2 位代填人。</Text>

      <View className='section-title'>我创建的组织（采集员）</View>
      {home.collectorOrgs.length === 0 ? (
        <View className='hl-card hl-empty'>班主任、辅导员可以创建组织，向成员发送邀请卡片并查看每日申报情况。</View>
      ) : (
        <View className='section'>
          {home.collectorOrgs.map((o) => (
            <View {...control('button')} key={o.orgId} className='cell' hoverClass='cell--hover' onClick={() => go(`${HEALTH_PAGES.workbench}?orgId=${o.orgId}`)}>
              <Text className='cell__label'>{o.name}</Text>
              <View className='cell__value'>{o.members} 人 · {FREQUENCY_LABELS[o.frequency]} · 截止 {o.deadline}</View>
              <Text className='cell__arrow'>›</Text>
            </View>
          ))}
        </View>
      )}
      <View className='hl-bottom'>
        <Button type='default' onClick={() => go(HEALTH_PAGES.create)}>创建组织</Button>
      </View>
    </View>
  )
}

export default withTextScale(HealthHome)
