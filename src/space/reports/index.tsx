import { Text, View } from '@tarojs/components'
import { Loading } from '../../components/Loading'
import { useSpaceReports } from '../../hooks/useSpaceReports'
import { chinaTime, fieldLabel } from '../labels'
import { EmptyState } from '../components/EmptyState'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import './index.scss'
import { withTextScale } from '../../components/withTextScale'

const STATE_TAG: Record<string, string> = { 已提交: 'tag--blue', 处理中: 'tag--orange', 已处理: 'tag--green' }

/** 纠错反馈 the holder sent, each with its state (SPEC §2). */
function Reports() {
  const { reports, error, reload } = useSpaceReports()
  useSpaceScrollTop()
  if (!reports) return <View className='page'>{error ? <SpaceError error={error} onRetry={reload} /> : <Loading />}</View>
  return (
    <View className='page'>
      <View className='section'>
        {reports.length === 0 && <EmptyState text='暂无纠错反馈' hint='证照信息有误时，可在证照详情页点击“纠错反馈”提交' />}
        {reports.map((r) => (
          <View key={r.reportId} className='report'>
            <View className='report__top'>
              <Text className='report__title'>{r.title}</Text>
              <Text className={`tag ${STATE_TAG[r.state] ?? 'tag--grey'}`}>{r.state}</Text>
            </View>
            <Text className='report__line'>有误项目：{r.fields.map((f) => fieldLabel(r.type, f)).join('、')}</Text>
            <Text className='report__desc'>{r.description}</Text>
            <Text className='report__time'>提交于 {chinaTime(r.createdAt)}{r.updatedAt !== r.createdAt ? ` · 更新于 ${chinaTime(r.updatedAt)}` : ''}</Text>
          </View>
        ))}
      </View>
      <Text className='tip'>纠错反馈将转交证照签发部门核实，处理结果会更新在这里。</Text>
    </View>
  )
}

export default withTextScale(Reports)
