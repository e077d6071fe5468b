import Taro from '@tarojs/taro'
import { CloudError } from './cloud'
import { localUrl } from './localCloud'

/**
 * Files the user takes away (the credential PDF, the workbench's Excel), handed over the way each
 * platform does it. WeChat: saved under the mini-program's user folder, then shown in WeChat's
 * document viewer with its menu (showMenu: 转发给朋友, 用其他应用打开, 保存). H5: kept as a blob
 * the user opens or downloads with a tap (打开文件 / 下载), never an unasked download.
 * The only place that knows the platform difference; pages call these functions.
 */
export type FileKind = 'pdf' | 'xlsx' | 'json'

export interface SavedFile {
  name: string
  kind: FileKind
  bytes: number
  /** WeChat: a path under wx.env.USER_DATA_PATH. H5: a blob: URL. */
  location: string
}

const MIME: Record<FileKind, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
}

const weapp = () => process.env.TARO_ENV === 'weapp'
const SAVE_FAILED = () => new CloudError('INTERNAL', '文件保存失败', '请检查手机存储空间后重试')
const DOWNLOAD_FAILED = () => new CloudError('NETWORK', '下载文件失败', '链接可能已过期，请检查网络后重新导出')

/** Keeps bytes the cloud function returned (base64) as the file `name`. */
export async function saveBase64(name: string, kind: FileKind, base64: string): Promise<SavedFile> {
  const bytes = Math.floor((base64.replace(/=+$/, '').length * 3) / 4)
  if (weapp()) {
    const filePath = `${Taro.env.USER_DATA_PATH}/${name}`
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data: base64, encoding: 'base64', success: () => resolve(), fail: () => reject(SAVE_FAILED()) })
    })
    return { name, kind, bytes, location: filePath }
  }
  const binary = atob(base64)
  const data = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i)
  return { name, kind, bytes: data.length, location: URL.createObjectURL(new Blob([data], { type: MIME[kind] })) }
}

/** Keeps a text (UTF-8) as the file `name`: the 授权凭证 JSON. */
export async function saveText(name: string, kind: FileKind, text: string): Promise<SavedFile> {
  if (weapp()) {
    const filePath = `${Taro.env.USER_DATA_PATH}/${name}`
    await new Promise<void>((resolve, reject) => {
      Taro.getFileSystemManager().writeFile({ filePath, data: text, encoding: 'utf8', success: () => resolve(), fail: () => reject(SAVE_FAILED()) })
    })
    return { name, kind, bytes: text.length, location: filePath }
  }
  const blob = new Blob([text], { type: `${MIME[kind]};charset=utf-8` })
  return { name, kind, bytes: blob.size, location: URL.createObjectURL(blob) }
}

/**
 * WeChat: 分享给好友, the saved file sent into a chat (wx.shareFileMessage, base library ≥ 2.16.1;
 * WeChat allows it only from a tap, so call it first thing in the tap handler). H5: a download.
 */
export async function shareSaved(file: SavedFile): Promise<void> {
  if (!weapp()) return downloadSaved(file)
  await Taro.shareFileMessage({ filePath: file.location, fileName: file.name }).catch((e: { errMsg?: string }) => {
    // The holder closing the chat picker is not an error.
    if (/cancel/i.test(e?.errMsg ?? '')) return
    throw new CloudError('INTERNAL', '分享失败', '请将微信更新到最新版本后重试，或在电脑上保存授权凭证后发送')
  })
}

/** Fetches a short-lived link (e.g. an export in cloud storage) and keeps it as the file `name`. */
export async function saveFromUrl(name: string, kind: FileKind, url: string): Promise<SavedFile> {
  if (weapp()) {
    const filePath = `${Taro.env.USER_DATA_PATH}/${name}`
    // A local cloud's link is a path of its own (weapp over http); a CloudBase link is absolute.
    const res = await Taro.downloadFile({ url: localUrl(url), filePath }).catch(() => null)
    if (!res || res.statusCode !== 200) throw DOWNLOAD_FAILED()
    const size = await new Promise<number>((resolve) => {
      Taro.getFileSystemManager().getFileInfo({ filePath, success: (r) => resolve(r.size), fail: () => resolve(0) })
    })
    return { name, kind, bytes: size, location: res.filePath || filePath }
  }
  // Fetched, not navigated to: a refused or expired link shows the error instead of a broken file.
  const res = await fetch(url).catch(() => null)
  if (!res?.ok) throw DOWNLOAD_FAILED()
  const blob = await res.blob()
  return { name, kind, bytes: blob.size, location: URL.createObjectURL(new Blob([blob], { type: MIME[kind] })) }
}

/**
 * Opens the file: WeChat's viewer with the menu to forward it; in H5 a new tab (browsers show PDFs;
 * a workbook is downloaded instead). In H5 call it from the tap itself, or the browser blocks it.
 */
export async function openSaved(file: SavedFile): Promise<void> {
  if (weapp()) {
    if (file.kind === 'json') return shareSaved(file)
    await Taro.openDocument({ filePath: file.location, fileType: file.kind, showMenu: true }).catch(() => {
      throw new CloudError('INTERNAL', '无法打开文件', '请将微信更新到最新版本后重试')
    })
    return
  }
  if (file.kind !== 'pdf' || !window.open(file.location, '_blank')) downloadSaved(file)
}

/** H5 only: saves a copy under its own name into the browser's downloads (the 下载 button). */
export function downloadSaved(file: SavedFile): void {
  const a = document.createElement('a')
  a.href = file.location
  a.download = file.name
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/** Whether the platform has a separate 下载 (H5); WeChat's viewer menu does that there. */
export const canDownloadSeparately = (): boolean => !weapp()

/** WeChat shows a document as soon as it is downloaded; a browser waits for the user's tap. */
export const opensAtOnce = (): boolean => weapp()
