import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { DOC_TYPE_LABELS, FREQUENCY_LABELS, type DeclarantView } from '../../../types/health'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { callHealth } from '../../services/cloud'
import { asCloudError, chinaTime, HEALTH_PAGES, pendingTicket, useHealthQuery } from '../../services/health'
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

function DeclarantCard({ d, token, onChanged }: { d: DeclarantView; token: string; onChanged: () => void }) {
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
      {d.orgs.map((o) => (
        <View key={o.orgId} className='hl-org'>
          <View>
            <Text>{o.orgName}</Text>
            <StatusTag status={o.today} />
            {o.abnormal && <AbnormalTag />}
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
      ))}
      <View className='hl-actions hl-actions--foot'>
        <Text {...control('button')} className='hl-action--danger' onClick={() => void remove()}>删除申报人</Text>
      </View>
    </View>
  )
}

/** 健康申报 home (seed 002): my declarants with each org's status; the orgs I collect for. */
function HealthHome() {
  const q = useHealthQuery(async (token) => ({ token, home: await callHealth({ action: 'home', sessionToken: token }), inbox: await callHealth({ action: 'inbox', sessionToken: token }) }), [])
  useDidShow(() => void (q.data && q.reload()))
  const ticket = pendingTicket()

  if (q.loading && !q.data) return <Loading />
  if (q.error || !q.data) return <View className='page'>{q.error && <HealthError error={q.error} onRetry={q.reload} />}</View>
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
        home.declarants.map((d) => <DeclarantCard key={d.declarantId} d={d} token={token} onChanged={() => void q.reload()} />)
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
