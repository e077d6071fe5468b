import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { FileStore } from '../../ports/fileStore'

/**
 * The storage calls of a `@cloudbase/node-sdk` v3 app, as documented
 * (docs.cloudbase.net/api-reference/server/node-sdk/storage) and as node-sdk 3.18 src/storage
 * behaves: failures come back as `{ code, message }` in the result rather than as a rejection
 * (processReturn), and each link carries its own `code` ('SUCCESS' when it worked).
 * Declared here so tests drive a fake and this file never imports the SDK.
 */
export interface CloudBaseStorageApp {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string; code?: string; message?: string; requestId?: string }>
  getTempFileURL(o: { fileList: Array<{ fileID: string; maxAge: number }> }): Promise<{
    fileList?: Array<{ code?: string; fileID: string; tempFileURL: string }>
    code?: string
    message?: string
    requestId?: string
  }>
}

/** Temporary links for private files: CloudBase allows at most a day (wx getTempFileURL docs). */
const MAX_LINK_SECONDS = 86_400

/**
 * Cloud storage for files handed out by link. The object key is `<folder>/<random>.<ext>`
 * (cloudPath allows only [0-9a-zA-Z]/!-_.,* and Chinese, and an org's name may hold anything);
 * the user-facing name stays with the caller, who saves the download under it. CloudBase takes
 * no content type on upload, so `contentType` is not sent. Errors name the call and code only,
 * never the path (it holds the org's id).
 */
export function createCloudBaseFileStore(app: CloudBaseStorageApp): FileStore {
  return {
    async put(name, bytes, _contentType, folder) {
      const ext = path.extname(name).toLowerCase()
      const cloudPath = `${folder.replace(/^\/+|\/+$/g, '')}/${randomBytes(16).toString('hex')}${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''}`
      const res = await app.uploadFile({ cloudPath, fileContent: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
      if (res.code || !res.fileID) throw new Error(`uploadFile failed: ${res.code ?? 'no fileID'}`)
      return { fileId: res.fileID }
    },

    async link(fileId, ttlSeconds) {
      const maxAge = Math.min(Math.max(1, Math.round(ttlSeconds)), MAX_LINK_SECONDS)
      const res = await app.getTempFileURL({ fileList: [{ fileID: fileId, maxAge }] })
      if (res.code) throw new Error(`getTempFileURL failed: ${res.code}`)
      const item = res.fileList?.find((f) => f.fileID === fileId)
      if (!item || (item.code && item.code !== 'SUCCESS') || !item.tempFileURL) {
        throw new Error(`getTempFileURL failed: ${item?.code ?? 'file missing from the answer'}`)
      }
      return item.tempFileURL
    },
  }
}
