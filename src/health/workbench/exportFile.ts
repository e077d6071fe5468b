import Taro from '@tarojs/taro'
import { CloudError } from '../../services/cloud'

const DOWNLOAD_FAILED = '下载文件失败，请检查网络后重试'

/**
 * Hands the exported workbook to the user from its short-lived link: a download in H5, the
 * document viewer (with 转发) in WeChat. Either way it is saved under `fileName`, not the link's
 * random name.
 */
export async function saveWorkbook(fileName: string, url: string): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
    const res = await Taro.downloadFile({ url, filePath }).catch(() => null)
    if (!res || res.statusCode !== 200) throw new CloudError('NETWORK', DOWNLOAD_FAILED, '')
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
    return
  }
  // Fetched, not navigated to: a refused or expired link shows 导出失败 instead of a broken download.
  const res = await fetch(url).catch(() => null)
  if (!res?.ok) throw new CloudError('NETWORK', DOWNLOAD_FAILED, '')
  const blobUrl = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = blobUrl
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000)
}
