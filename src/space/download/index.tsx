import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { useSpaceDownload } from '../../hooks/useSpaceDownload'
import { useSpaceHome } from '../../hooks/useSpaceHome'
import { backToSpaceHome, SPACE_PAGES } from '../../services/space'
import { DOWNLOAD_PURPOSES } from '../labels'
import { Check } from '../components/Check'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import { canDownloadSeparately, downloadSaved } from '../../services/openFile'
import '../components/space.scss'
import { fieldLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const OTHER = '其他用途'

/** PDF download with a watermark naming who (masked), why and when (SPEC §2; seed 000 数字保险柜). */
function Download() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const { home, error, reload } = useSpaceHome()
  const dl = useSpaceDownload(id)
  const [choice, setChoice] = useState(DOWNLOAD_PURPOSES[0])
  const [other, setOther] = useState('')
  useSpaceScrollTop(dl.saved)

  if (!home) return <View className='page'>{error ? <SpaceError error={error} onRetry={reload} /> : <Loading />}</View>
  const c = home.held.find((h) => h.credentialId === id)
  if (!c) {
    return (
      <View className='page'>
        <ErrorNotice message='未找到该证照' hint='请返回数字空间重新选择证照'>
          <Button onClick={backToSpaceHome}>返回数字空间</Button>
        </ErrorNotice>
      </View>
    )
  }
  const purpose = choice === OTHER ? other : choice

  if (dl.saved) {
    const file = dl.saved
    return (
      <View className='page'>
        <View className='result-head'>
          <View className='result-head__icon'>✓</View>
          <Text className='result-head__title'>PDF已生成</Text>
          <Text className='result-head__sub'>{file.name}（{Math.max(1, Math.round(file.bytes / 1024))} KB）</Text>
          <Text className='result-head__sub'>文件已加盖水印：下载人、用途“{purpose.trim()}”和下载时间。本次下载已记入数字档案袋。</Text>
        </View>
        {dl.error && <View className='form-error'>{dl.error}</View>}
        <Text className='tip'>{canDownloadSeparately() ? '点击“打开文件”查看，或“下载”保存到本机。' : '打开文件后，点击右上角“···”可转发给他人或保存到手机。'}</Text>
        <View className='actions'>
          <Button onClick={dl.open}>打开文件</Button>
          {canDownloadSeparately() && <Button type='default' onClick={() => downloadSaved(file)}>下载</Button>}
          <Button type='link' onClick={() => Taro.navigateBack()}>完成</Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page'>
      <View className='section-title'>{c.title} · {c.maskedSummary}</View>
      <View className='section-title'>请选择下载用途（将印在水印上）</View>
      <View className='section'>
        {[...DOWNLOAD_PURPOSES, OTHER].map((p) => (
          <Check key={p} on={choice === p} onClick={() => setChoice(p)}>{p}</Check>
        ))}
        {choice === OTHER && (
          <View className='form-row'>
            <Input className='form-row__input' {...fieldLabel('其他用途')} maxlength={50} placeholder='如：办理居住证' value={other} onInput={(e) => setOther(e.detail.value)} />
          </View>
        )}
      </View>
      {dl.error && <View className='form-error'>{dl.error}</View>}
      <Text className='tip'>PDF将加盖水印，注明下载人（已屏蔽）、用途和下载时间，仅限所述用途使用。下载前可能需要再次验证本人身份。</Text>
      <View className='actions'>
        <Button loading={dl.busy} onClick={() => void dl.download(purpose)}>{dl.busy ? '正在生成…' : '生成并下载PDF'}</Button>
      </View>
    </View>
  )
}

export default withTextScale(Download)
