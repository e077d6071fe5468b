/**
 * Files handed to the user by link instead of inside a function's reply (a CloudBase reply has a
 * size limit; a week's export of a large org exceeds it). Shaped after CloudBase storage:
 * `uploadFile({ cloudPath, fileContent }) → fileID`, `getTempFileURL({ fileList: [{ fileID, maxAge }] })`.
 */
export interface FileStore {
  /**
   * Stores `bytes` under a random key inside `folder` (e.g. `health-exports/<orgId>`). `name` is
   * what the user saves it as and may hold any characters: stores never use it as a path, only
   * its extension and, where the store serves the file itself, its Content-Disposition.
   */
  put(name: string, bytes: Uint8Array, contentType: string, folder: string): Promise<{ fileId: string }>
  /** A download link that stops working after `ttlSeconds`; anyone holding it can download. */
  link(fileId: string, ttlSeconds: number): Promise<string>
}
