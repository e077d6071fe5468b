import Taro from '@tarojs/taro'
import type { SpaceData } from '../../types/space'
import { CloudError } from './cloud'

/** The digital-space subpackage (app.config.ts `subPackages`, root `space`). */
export const SPACE_PAGES = {
  home: '/space/index/index',
  detail: '/space/detail/index',
  link: '/space/link/index',
  deadEnd: '/space/dead-end/index',
  children: '/space/children/index',
  child: '/space/child/index',
  history: '/space/history/index',
  reports: '/space/reports/index',
  report: '/space/report/index',
  download: '/space/download/index',
} as const

/** Back to the space home if it is under this page, else open it in place of this page. */
export function backToSpaceHome(): void {
  const pages = Taro.getCurrentPages()
  const at = pages.map((p) => `/${p.route ?? ''}`.replace(/^\/\//, '/').split('?')[0]).lastIndexOf(SPACE_PAGES.home)
  if (at >= 0 && at < pages.length - 1) void Taro.navigateBack({ delta: pages.length - 1 - at })
  else void Taro.redirectTo({ url: SPACE_PAGES.home })
}

export const asCloudError = (e: unknown): CloudError =>
  e instanceof CloudError ? e : new CloudError('INTERNAL', '系统繁忙，请稍后重试', '')

// Kept here too: the space and consent pages import them from this module.
export { requireToken, VerificationCancelled, withFreshVerification } from './freshVerification'

export type SavedPdf = { filename: string; bytes: number }

/**
 * Hands the PDF from `download` to the user: in H5 a browser download of the file; in WeChat it
 * is written to the user data folder and opened with the system viewer (wx.openDocument).
 */
export async function savePdf(pdf: SpaceData['download']): Promise<SavedPdf> {
  if (process.env.TARO_ENV === 'weapp') {
    const filePath = `${Taro.env.USER_DATA_PATH}/${pdf.filename}`
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({
        filePath,
        data: pdf.base64,
        encoding: 'base64',
        success: () => resolve(),
        fail: (err) => reject(new CloudError('INTERNAL', '文件保存失败', err.errMsg || '请检查手机存储空间后重试')),
      })
    })
    await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true })
    return { filename: pdf.filename, bytes: Math.floor((pdf.base64.length * 3) / 4) }
  }
  const binary = atob(pdf.base64)
  const data = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i)
  const url = URL.createObjectURL(new Blob([data], { type: pdf.contentType }))
  const a = document.createElement('a')
  a.href = url
  a.download = pdf.filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return { filename: pdf.filename, bytes: data.length }
}
