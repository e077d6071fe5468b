/**
 * The WeChat branch of src/services/openFile.ts against a fake Taro: files are kept under the
 * user data folder by their own name and shown with wx.openDocument's menu (转发). The H5 branch
 * runs in the browser tests (test/e2e/space.spec.ts, health.spec.ts).
 */
const calls: Array<[string, any]> = []
let downloadStatus = 200
let openFails = false
let writeFails = false
let shareResult: 'ok' | 'cancel' | 'fail' = 'ok'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    getFileSystemManager: () => ({
      writeFile: (o: any) => {
        calls.push(['writeFile', { filePath: o.filePath, encoding: o.encoding, data: o.data }])
        writeFails ? o.fail({ errMsg: 'writeFile:fail the maximum size of the file storage limit is exceeded' }) : o.success({})
      },
      getFileInfo: (o: any) => {
        calls.push(['getFileInfo', { filePath: o.filePath }])
        o.success({ size: 5120 })
      },
    }),
    downloadFile: (o: any) => {
      calls.push(['downloadFile', o])
      return Promise.resolve({ statusCode: downloadStatus, filePath: o.filePath, errMsg: 'downloadFile:ok' })
    },
    shareFileMessage: (o: any) => {
      calls.push(['shareFileMessage', o])
      return shareResult === 'ok' ? Promise.resolve({ errMsg: 'shareFileMessage:ok' }) : Promise.reject({ errMsg: `shareFileMessage:fail ${shareResult === 'cancel' ? 'cancel' : 'system error'}` })
    },
    openDocument: (o: any) => {
      calls.push(['openDocument', o])
      return openFails ? Promise.reject({ errMsg: 'openDocument:fail filetype not supported' }) : Promise.resolve({ errMsg: 'openDocument:ok' })
    },
  },
}))
jest.mock('../../src/services/cloud', () => ({
  CloudError: class CloudError extends Error {
    constructor(readonly code: string, message: string, readonly hint: string) {
      super(message)
    }
  },
}))

import { canDownloadSeparately, openSaved, opensAtOnce, saveBase64, saveFromUrl, saveText, shareSaved } from '../../src/services/openFile'

const saved = process.env.TARO_ENV
beforeEach(() => {
  process.env.TARO_ENV = 'weapp'
  calls.length = 0
  downloadStatus = 200
  openFails = false
  writeFails = false
  shareResult = 'ok'
})
afterAll(() => {
  process.env.TARO_ENV = saved
})

describe('openFile in WeChat', () => {
  it('writes a PDF from base64 under USER_DATA_PATH by its name, then opens it with the menu shown', async () => {
    const base64 = Buffer.from('%PDF-1.7 hello').toString('base64')
    const file = await saveBase64('出生医学证明_20261205.pdf', 'pdf', base64)
    expect(file).toEqual({ name: '出生医学证明_20261205.pdf', kind: 'pdf', bytes: 14, location: 'wxfile://usr/出生医学证明_20261205.pdf' })
    await openSaved(file)
    expect(calls).toEqual([
      ['writeFile', { filePath: 'wxfile://usr/出生医学证明_20261205.pdf', encoding: 'base64', data: base64 }],
      ['openDocument', { filePath: 'wxfile://usr/出生医学证明_20261205.pdf', fileType: 'pdf', showMenu: true }],
    ])
    expect([opensAtOnce(), canDownloadSeparately()]).toEqual([true, false])
  })

  it('downloads a workbook link to its own name with Taro.downloadFile and opens it as xlsx', async () => {
    const file = await saveFromUrl('三年级二班-健康申报-2026-12-05.xlsx', 'xlsx', 'https://cos.example/tmp/abc.xlsx?sign=1')
    expect(file).toEqual({ name: '三年级二班-健康申报-2026-12-05.xlsx', kind: 'xlsx', bytes: 5120, location: 'wxfile://usr/三年级二班-健康申报-2026-12-05.xlsx' })
    await openSaved(file)
    expect(calls[0]).toEqual(['downloadFile', { url: 'https://cos.example/tmp/abc.xlsx?sign=1', filePath: 'wxfile://usr/三年级二班-健康申报-2026-12-05.xlsx' }])
    expect(calls.at(-1)).toEqual(['openDocument', { filePath: 'wxfile://usr/三年级二班-健康申报-2026-12-05.xlsx', fileType: 'xlsx', showMenu: true }])
  })

  it('refuses an expired link (HTTP 403) with NETWORK and a next step, and opens nothing', async () => {
    downloadStatus = 403
    await expect(saveFromUrl('a.xlsx', 'xlsx', 'https://cos.example/expired')).rejects.toMatchObject({ code: 'NETWORK', message: '下载文件失败', hint: expect.stringContaining('重新导出') })
    expect(calls.map(([name]) => name)).toEqual(['downloadFile'])
  })

  it('says when the phone cannot store the file or WeChat cannot open it', async () => {
    writeFails = true
    await expect(saveBase64('a.pdf', 'pdf', 'JVBERg==')).rejects.toMatchObject({ code: 'INTERNAL', message: '文件保存失败', hint: expect.stringContaining('存储空间') })
    openFails = true
    await expect(openSaved({ name: 'a.pdf', kind: 'pdf', bytes: 4, location: 'wxfile://usr/a.pdf' })).rejects.toMatchObject({ code: 'INTERNAL', message: '无法打开文件', hint: expect.stringContaining('更新') })
  })
})

describe('授权凭证 in WeChat: saved as UTF-8 JSON, 分享给好友 through wx.shareFileMessage', () => {
  it('writes the receipt text under USER_DATA_PATH by its name, and shares that very file with its name', async () => {
    const text = '{"type":"consent-receipt/v1","record":{"piiPrincipal":{"masked":"**阳"}}}\n'
    const file = await saveText('consent-receipt-cs_abcdefgh.json', 'json', text)
    expect(file).toEqual({ name: 'consent-receipt-cs_abcdefgh.json', kind: 'json', bytes: text.length, location: 'wxfile://usr/consent-receipt-cs_abcdefgh.json' })
    await shareSaved(file)
    expect(calls).toEqual([
      ['writeFile', { filePath: 'wxfile://usr/consent-receipt-cs_abcdefgh.json', encoding: 'utf8', data: text }],
      ['shareFileMessage', { filePath: 'wxfile://usr/consent-receipt-cs_abcdefgh.json', fileName: 'consent-receipt-cs_abcdefgh.json' }],
    ])
  })

  it('the holder closing the chat picker is no error; a failed share or write is, in Chinese with a next step', async () => {
    const file = await saveText('r.json', 'json', '{}')
    shareResult = 'cancel'
    await expect(shareSaved(file)).resolves.toBeUndefined()
    shareResult = 'fail'
    await expect(shareSaved(file)).rejects.toMatchObject({ message: '分享失败', hint: expect.stringContaining('更新到最新版本') })
    writeFails = true
    await expect(saveText('r.json', 'json', '{}')).rejects.toMatchObject({ message: '文件保存失败', hint: expect.stringContaining('存储空间') })
  })

  it('a JSON file is shared, not opened in the document viewer (it shows no JSON)', async () => {
    await openSaved(await saveText('r.json', 'json', '{}'))
    expect(calls.map((c) => c[0])).toEqual(['writeFile', 'shareFileMessage'])
  })
})
