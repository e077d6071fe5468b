import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseFileStore, type CloudBaseStorageApp } from '../../cloudfunctions/adapters/cloudbase/cloudbaseFileStore'
import { contentDisposition, createLocalFileStore, fileLinkKey, LOCAL_FILE_MAX_AGE_MS } from '../../cloudfunctions/adapters/files-local/localFileStore'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const NAME = '初二(1)班-健康申报-2026-11-22.xlsx'
const bytes = new Uint8Array([0x50, 0x4b, 3, 4, 9, 9])

/**
 * A fake node-sdk app answering like @cloudbase/node-sdk 3.x storage (docs.cloudbase.net
 * node-sdk/storage; src/storage/index.ts): fileID on upload, `{ code, message }` returned (not
 * thrown) on failure, per-file `code: 'SUCCESS'` in getTempFileURL.
 */
function fakeApp() {
  const files = new Map<string, Buffer>()
  const calls: { upload: Array<{ cloudPath: string; fileContent: Buffer }>; temp: unknown[] } = { upload: [], temp: [] }
  let failUpload: string | null = null
  let failTemp: 'call' | 'item' | null = null
  const app: CloudBaseStorageApp = {
    async uploadFile(o) {
      calls.upload.push(o)
      if (failUpload) return { code: failUpload, message: 'denied', requestId: 'r1' }
      const fileID = `cloud://env-1.7465-env-1-1250000000/${o.cloudPath}`
      files.set(fileID, Buffer.from(o.fileContent))
      return { fileID, requestId: 'r1' }
    },
    async getTempFileURL(o) {
      calls.temp.push(o)
      if (failTemp === 'call') return { code: 'SYS_ERR', message: 'x', requestId: 'r2' }
      return {
        requestId: 'r2',
        fileList: o.fileList.map(({ fileID, maxAge }) =>
          failTemp === 'item' || !files.has(fileID)
            ? { code: 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: '' }
            : { code: 'SUCCESS', fileID, tempFileURL: `https://7465-env-1-1250000000.tcb.qcloud.la/${fileID.split('/').slice(3).join('/')}?sign=s&t=${maxAge}` },
        ),
      }
    },
  }
  return { app, files, calls, failUpload: (c: string | null) => (failUpload = c), failTemp: (m: typeof failTemp) => (failTemp = m) }
}

describe('CloudBase file store (against a fake node-sdk app)', () => {
  it('uploads under <folder>/<random>.<ext> with the bytes as a Buffer and returns the fileID', async () => {
    const fake = fakeApp()
    const store = createCloudBaseFileStore(fake.app)
    const a = await store.put(NAME, bytes, XLSX, 'health-exports/org-1')
    const b = await store.put(NAME, bytes, XLSX, 'health-exports/org-1')
    const [pa, pb] = fake.calls.upload.map((u) => u.cloudPath)
    expect(pa).toMatch(/^health-exports\/org-1\/[0-9a-f]{32}\.xlsx$/)
    expect(pb).not.toBe(pa) // never the user's name, never guessable, never overwriting another export
    expect(Buffer.isBuffer(fake.calls.upload[0].fileContent)).toBe(true)
    expect([...fake.calls.upload[0].fileContent]).toEqual([...bytes])
    expect(a.fileId).toBe(`cloud://env-1.7465-env-1-1250000000/${pa}`)
    expect(b.fileId).not.toBe(a.fileId)
  })

  it('asks for a temp URL with fileID and maxAge, capped at a day, and returns it', async () => {
    const fake = fakeApp()
    const store = createCloudBaseFileStore(fake.app)
    const { fileId } = await store.put(NAME, bytes, XLSX, 'health-exports/org-1')
    const url = await store.link(fileId, 600)
    expect(fake.calls.temp[0]).toEqual({ fileList: [{ fileID: fileId, maxAge: 600 }] })
    expect(url).toMatch(/^https:\/\/7465-env-1-1250000000\.tcb\.qcloud\.la\/health-exports\/org-1\/[0-9a-f]{32}\.xlsx\?sign=s&t=600$/)
    await store.link(fileId, 3 * 86_400)
    expect(fake.calls.temp[1]).toEqual({ fileList: [{ fileID: fileId, maxAge: 86_400 }] })
  })

  it('turns failures the SDK returns (not throws) into errors that name the code, not the path', async () => {
    const fake = fakeApp()
    const store = createCloudBaseFileStore(fake.app)
    fake.failUpload('STORAGE_REQUEST_FAIL')
    const upload = store.put(NAME, bytes, XLSX, 'health-exports/org-secret')
    await expect(upload).rejects.toThrow('uploadFile failed: STORAGE_REQUEST_FAIL')
    await expect(upload).rejects.not.toThrow(/org-secret/)
    fake.failUpload(null)
    const { fileId } = await store.put(NAME, bytes, XLSX, 'health-exports/org-1')
    fake.failTemp('call')
    await expect(store.link(fileId, 600)).rejects.toThrow('getTempFileURL failed: SYS_ERR')
    fake.failTemp('item')
    await expect(store.link(fileId, 600)).rejects.toThrow('getTempFileURL failed: STORAGE_FILE_NONEXIST')
  })
})

describe('local file store (signed, expiring links)', () => {
  let dir: string
  let now: number
  const clock = { now: () => now }
  const key = fileLinkKey(Buffer.alloc(32, 7))
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'files-'))
    now = Date.parse('2026-11-22T08:00:00+08:00')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const params = (link: string) => {
    const u = new URL(link, 'http://local')
    return [u.pathname.slice('/files/'.length), u.searchParams.get('exp'), u.searchParams.get('sig')] as const
  }

  it('serves the bytes with the type and the UTF-8 name until the link expires', async () => {
    const store = createLocalFileStore({ dir, key, clock })
    const { fileId } = await store.put(NAME, bytes, XLSX, 'health-exports/org-1')
    expect(readdirSync(dir).sort()).toEqual([`${fileId}.json`, `${fileId}.xlsx`])
    const link = await store.link(fileId, 600)
    const answer = store.open(...params(link))
    expect(answer).toMatchObject({ status: 200, headers: { 'content-type': XLSX, 'content-disposition': contentDisposition(NAME) } })
    expect(answer.status === 200 && [...answer.body]).toEqual([...bytes])
    now += 600_000
    expect(store.open(...params(link)).status).toBe(200)
    now += 1
    expect(store.open(...params(link))).toEqual({ status: 403, reason: 'expired' })
  })

  it('refuses links signed with another key, path tricks and missing parts', async () => {
    const store = createLocalFileStore({ dir, key, clock })
    const other = createLocalFileStore({ dir, key: fileLinkKey(Buffer.alloc(32, 8)), clock })
    const { fileId } = await store.put(NAME, bytes, XLSX, 'x')
    const [id, exp, sig] = params(await other.link(fileId, 600))
    expect(store.open(id, exp, sig).status).toBe(403)
    expect(store.open('..%2Fkeys.json', exp, sig).status).toBe(403)
    expect(store.open(fileId, null, sig).status).toBe(403)
    expect(store.open(fileId, exp, null).status).toBe(403)
  })

  it('sweeps files older than a day on the next put; younger ones stay', async () => {
    const store = createLocalFileStore({ dir, key, clock })
    const old = await store.put(NAME, bytes, XLSX, 'x')
    now += 3600_000
    const young = await store.put(NAME, bytes, XLSX, 'x')
    now += LOCAL_FILE_MAX_AGE_MS - 3600_000 + 1
    await store.put(NAME, bytes, XLSX, 'x')
    expect(existsSync(path.join(dir, `${old.fileId}.xlsx`))).toBe(false)
    expect(store.open(...params(await store.link(old.fileId, 600))).status).toBe(404)
    expect(store.open(...params(await store.link(young.fileId, 600))).status).toBe(200)
  })

  it('writes the RFC 5987 name so that decoding it gives the name back', () => {
    const header = contentDisposition(NAME)
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/)
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe(NAME)
  })
})
