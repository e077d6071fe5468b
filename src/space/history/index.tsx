import { Text, View } from '@tarojs/components'
import { CREDENTIAL_TITLES, type HistoryEntry } from '../../../types/space'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { useSpaceHistory } from '../../hooks/useSpaceHistory'
import { ACTION_TEXT, ACTOR_TEXT, chinaTime, historyFieldLabel } from '../labels'
import { EmptyState } from '../components/EmptyState'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import './index.scss'
import { scrollRegion } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

function Entry({ e }: { e: HistoryEntry }) {
  const actor = e.actor.kind === 'self' ? `本人 ${e.actor.label}` : `${ACTOR_TEXT[e.actor.kind]} ${e.actor.label}`
  const type = e.credentialTypes.length === 1 ? e.credentialTypes[0] : undefined
  return (
    <View className='hist'>
      <View className='hist__top'>
        <Text className='hist__action'>{ACTION_TEXT[e.action]}</Text>
        <Text className='hist__time'>{chinaTime(e.at)}</Text>
      </View>
      <Text className='hist__line'>操作方：{actor}{e.actor.operator ? `（操作员 ${e.actor.operator}）` : ''}</Text>
      {e.credentialTypes.length > 0 && <Text className='hist__line'>证照：{e.credentialTypes.map((t) => CREDENTIAL_TITLES[t]).join('、')}</Text>}
      {e.fields.length > 0 && <Text className='hist__line'>使用字段：{e.fields.map((f) => historyFieldLabel(e.action, type, f)).join('、')}</Text>}
      {e.note && <Text className='hist__note'>{e.note}</Text>}
    </View>
  )
}

/** 数字档案袋 (seed 000 Q1; SPEC §2): who used which credential, when and why, newest first. */
function History() {
  const h = useSpaceHistory()
  useSpaceScrollTop()
  if (h.entries.length === 0) {
    if (h.error) return <View className='page'><SpaceError error={h.error} onRetry={h.retry} /></View>
    if (h.loading || !h.done) return <View className='page'><Loading text='正在加载访问记录…' /></View>
    return (
      <View className='page'>
        <View className='section'><EmptyState text='暂无访问记录' hint='申领、查看、下载、关联和授权都会记录在这里' /></View>
      </View>
    )
  }
  return (
    <View className='page'>
      <Text className='tip'>每一次申领、查看、下载、关联被监护人和授权都会留下记录，按时间从新到旧排列（北京时间）。</Text>
      {/* A long read-only list: focusable, so a keyboard or switch user can scroll it (axe scrollable-region-focusable). */}
      <View className='section' {...scrollRegion('访问记录')}>
        {h.entries.map((e) => <Entry key={e.entryId} e={e} />)}
      </View>
      {h.error && <View className='form-error'>{h.error.message}，请点击“加载更多”重试</View>}
      <View className='actions'>
        {h.done ? (
          <View className='footer-note'>没有更多记录了</View>
        ) : (
          <Button type='default' loading={h.loading} onClick={h.more}>加载更多</Button>
        )}
      </View>
    </View>
  )
}

export default withTextScale(History)
