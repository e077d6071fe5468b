/**
 * A weak network at the school gate, on the weapp build's own JavaScript run headless
 * (test/helpers/weappVm.ts): wx.request fails (offline), times out (the local cloud answers after
 * the app's 8 s limit), the app is killed and opened again (wx storage kept), the network comes back
 * (wx.onNetworkStatusChange fires). Checks what the server holds (nothing doubled) and what the list
 * shows (待发送 / 已提交 / 逾期 / 未能提交). A consent signed offline is never resent by itself.
 *
 * WEAPP_VM_DIR=<folder> reuses a build made for http://127.0.0.1:$WEAPP_VM_PORT (see scenarios.vm.test.ts).
 */
import { buildWeappLocal } from '../scenarios/buildWeappLocal'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { chenShowsCode, loginAs, PEOPLE, pickDemoUser } from '../scenarios/journeys'
import { weappVmDriver } from '../scenarios/weappVmDriver'
import { localWorld } from '../scenarios/world'
import type { Driver } from '../scenarios/driver'

const root = path.resolve(__dirname, '../..')
const OUTBOX_KEY = 'health.outbox'

describe('health declarations on a weak network (weapp-vm)', () => {
  let cloud: LocalCloud
  let dir: string
  let bundle: string
  /** The cloud's clock: 09:00 China time today, moved by the tests (past the 22:00 deadline). */
  let morning = 0
  let shift = 0

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'weapp-vm-offline-'))
    const reuse = process.env.WEAPP_VM_DIR
    const port = Number(process.env.WEAPP_VM_PORT || (reuse ? 8787 : 0))
    cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: path.join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1' }), port, h5Dir: path.join(dir, 'none') })
    const real = cloud.deps.clock.now
    const chinaDay = new Date(real() + 8 * 3600_000).toISOString().slice(0, 10)
    morning = Date.parse(`${chinaDay}T09:00:00+08:00`) - real()
    cloud.deps.clock.now = () => real() + morning + shift
    if (reuse) {
      bundle = reuse
      return
    }
    bundle = path.join(dir, 'miniprogram')
    buildWeappLocal(bundle, cloud.url)
  }, 300_000)

  afterAll(async () => {
    await cloud?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  beforeEach(() => {
    shift = 0
    cloud.faults.set(null)
  })

  const driver = () => weappVmDriver({ dir: bundle, timeoutMs: 15_000, shotDir: path.join(root, 'test-results/screenshots'), echoConsole: !!process.env.WEAPP_VM_ECHO })
  const submissions = () => cloud.rowCounts().health_submissions ?? 0
  const outboxOf = (d: ReturnType<typeof driver>): Array<{ clientId: string; state: string; form?: unknown }> => {
    const raw = d.vm().storage.get(OUTBOX_KEY)
    return raw ? JSON.parse(raw) : []
  }
  /** The client ids of every submitDeclaration the phone sent. */
  const submitIds = (d: ReturnType<typeof driver>) =>
    d.vm().requests.filter((r) => (r.body as { action?: string })?.action === 'submitDeclaration').map((r) => (r.body as { clientId: string }).clientId)

  async function fill(d: Driver): Promise<void> {
    await d.see('基本信息')
    await d.type(0, '13800138000')
    await d.type(1, '惠州市惠城区')
    await d.type(2, '36.5')
    await d.tap({ text: '否', nth: 0 })
    await d.tap({ text: '否', nth: 1 })
  }

  /** The parent joins a new class for her child (代他人填报), or a member for herself (no child), and stands on the daily form. */
  async function parentOnForm(d: ReturnType<typeof driver>, org: string, child: { name: string; id: string } | null): Promise<void> {
    const card = await localWorld(cloud).healthCard(PEOPLE.teacher.nickname, org)
    await loginAs(d, child ? PEOPLE.chen.nickname : PEOPLE.wang.nickname)
    await d.open(card.path)
    await d.see('请选择填报方式')
    await d.tap(child ? '代他人填报' : '本人填报')
    await d.tap('下一步')
    if (child) {
      await d.type(0, child.name)
      await d.type(1, child.id)
      await d.tap('下一步')
    }
    await fill(d)
  }

  it('offline: saved on the phone (待发送), kept when the app is killed, sent once with its id when the network comes back', async () => {
    const d = driver()
    try {
      await parentOnForm(d, '一年级一班', { name: PEOPLE.chen.child.name, id: PEOPLE.chen.child.idNumber })
      const before = submissions()
      d.vm().setNetwork(false)
      await d.chooseNext('提交本日数据', () => d.tap('提交当日数据'))
      await d.see('待发送')
      await d.see(/已保存在本机，尚未提交/)
      await d.shot('offline-form-queued')
      expect(outboxOf(d)).toEqual([expect.objectContaining({ state: 'queued' })])
      const [id] = outboxOf(d).map((e) => e.clientId)
      // 重新提交 while still offline: still queued, same id.
      await d.tap('重新提交')
      await d.see('待发送')

      // Killed and opened again, still offline: the list shows what the phone holds.
      await d.restart({ online: false })
      await d.open('/health/index/index')
      await d.see('本机待发送的申报')
      await d.see('待发送')
      await d.shot('offline-list-queued')
      expect(submissions()).toBe(before)

      // The network comes back: sent by itself, once.
      d.vm().setNetwork(true)
      await d.see(/已提交，提交时间/)
      await d.see('申报人列表')
      await d.shot('offline-list-sent')
      expect(submissions()).toBe(before + 1)
      expect(outboxOf(d)).toEqual([expect.objectContaining({ clientId: id, state: 'sent' })])
      expect(outboxOf(d)[0].form).toBeUndefined()
      // Every try carried the same id; showing the app again sends nothing more.
      expect(new Set(submitIds(d))).toEqual(new Set([id]))
      const tries = submitIds(d).length
      d.vm().showAgain()
      await d.see(/已提交，提交时间/)
      expect(submitIds(d).length).toBe(tries)
      expect(submissions()).toBe(before + 1)
    } finally {
      d.close()
    }
  }, 120_000)

  it('an answer after the 8 s limit: 待发送 on the phone although the server stored it; the app shown again resends the same id, a replay, nothing doubled', async () => {
    const d = driver()
    try {
      await parentOnForm(d, '一年级二班', { name: '吴思涵', id: PEOPLE.chen.child.idNumber })
      const before = submissions()
      cloud.faults.set({ mode: 'late', every: 1, delayMs: 9_500, only: 'health', limit: 1 })
      await d.chooseNext('提交本日数据', () => d.tap('提交当日数据'))
      await d.see('待发送')
      expect(submissions()).toBe(before + 1) // the server has it; the phone could not know
      const [id] = outboxOf(d).map((e) => e.clientId)
      d.vm().showAgain()
      // The form on screen follows its entry: 提交成功 once the resend lands.
      await d.see('提交成功')
      await d.tap('返回申报人列表')
      await d.see(/已提交，提交时间/)
      expect(submitIds(d)).toEqual([id, id])
      expect(submissions()).toBe(before + 1)
    } finally {
      d.close()
    }
  }, 120_000)

  it('past the deadline while queued: sent and marked 逾期; a second one for a day already filed is refused with the reason (未能提交)', async () => {
    const d = driver()
    try {
      await parentOnForm(d, '一年级三班', null)
      d.vm().setNetwork(false)
      await d.chooseNext('提交本日数据', () => d.tap('提交当日数据'))
      await d.see('待发送')
      shift = 13.5 * 3600_000 // 22:30 China time: past the 22:00 deadline
      d.vm().setNetwork(true)
      await d.see('提交成功')
      await d.see(/本次申报标记为逾期/)
      await d.tap('返回申报人列表')
      await d.see(/已提交，提交时间/)
      await d.see('逾期')
      await d.see(/已过截止时间，记为逾期/)

      // Another declaration for the same day, filled before the deadline, queued, arrives after it: the day is filed, so refused.
      shift = 0
      await d.tap('再次申报')
      await d.see('基本信息')
      d.vm().setNetwork(false)
      await d.chooseNext('提交本日数据', () => d.tap('提交当日数据'))
      await d.see('待发送')
      shift = 13.5 * 3600_000 // the network came back after the deadline
      d.vm().setNetwork(true)
      await d.see(/^提交失败：已过截止时间/)
      await d.tap('返回申报人列表')
      await d.see('未能提交')
      await d.see(/已过截止时间，不能再修改已提交的申报/)
      await d.see(/请联系采集员说明变动情况/)
      await d.shot('offline-list-refused')
      const refused = outboxOf(d).filter((e) => e.state === 'refused')
      expect(refused).toHaveLength(1)
      await d.tap('知道了')
      await d.gone('未能提交')
    } finally {
      d.close()
    }
  }, 120_000)

  it('a face check started offline shows the failure and is never started again by itself', async () => {
    const d = driver()
    try {
      await d.newPhone()
      await pickDemoUser(d, PEOPLE.chen.nickname)
      await d.tap('请登录')
      if ((await d.firstOf(['同意', '开始人脸识别验证'])) === 0) await d.tap('同意')
      await d.tap(/^阅读并同意遵循/)
      d.vm().setNetwork(false)
      const starts = () => d.vm().requests.filter((r) => (r.body as { action?: string })?.action === 'startVerification').length
      await d.tap('开始人脸识别验证')
      await d.see(/网络异常/)
      const tried = starts()
      expect(tried).toBeGreaterThan(0)
      d.vm().setNetwork(true)
      d.vm().showAgain()
      await new Promise((r) => setTimeout(r, 300))
      await d.vm().settle()
      expect(starts()).toBe(tried)
      expect(d.vm().storage.has(OUTBOX_KEY) ? JSON.parse(d.vm().storage.get(OUTBOX_KEY)!) : []).toEqual([])
    } finally {
      d.close()
    }
  }, 120_000)

  it('a counter confirmation (确认授权) made offline shows the failure and is never sent again by itself', async () => {
    const d = driver()
    try {
      const digits = await chenShowsCode(d)
      await localWorld(cloud).counterScan(digits)
      await d.see('确认授权')
      d.vm().setNetwork(false)
      const answers = () => d.vm().requests.filter((r) => (r.body as { action?: string })?.action === 'answer').length
      await d.tap('确认授权')
      await d.see(/网络异常/)
      const tried = answers()
      expect(tried).toBeGreaterThan(0)
      d.vm().setNetwork(true)
      d.vm().showAgain()
      await new Promise((r) => setTimeout(r, 300))
      await d.vm().settle()
      expect(answers()).toBe(tried)
      expect(d.vm().storage.has(OUTBOX_KEY) ? JSON.parse(d.vm().storage.get(OUTBOX_KEY)!) : []).toEqual([])
    } finally {
      d.close()
    }
  }, 120_000)

  it('a consent signed offline shows the failure and is never sent again by itself (network back, app shown)', async () => {
    const d = driver()
    try {
      const request = await localWorld(cloud).enrolmentRequest({})
      await loginAs(d, PEOPLE.li.nickname)
      await d.open(request.path)
      await d.see(request.code)
      await d.tap('我已认真阅读并同意以上授权内容')
      d.vm().setNetwork(false)
      await d.tap('签署授权')
      await d.see('网络异常，请检查网络后重试')
      const signs = () => d.vm().requests.filter((r) => (r.body as { action?: string })?.action === 'sign').length
      const tried = signs()
      d.vm().setNetwork(true)
      d.vm().showAgain()
      await d.tap('知道了')
      await new Promise((r) => setTimeout(r, 300))
      await d.vm().settle()
      expect(signs()).toBe(tried)
      expect(d.vm().storage.has(OUTBOX_KEY) ? JSON.parse(d.vm().storage.get(OUTBOX_KEY)!) : []).toEqual([])
      // The retry is the user's: 签署授权 is still there.
      await d.see('签署授权')
    } finally {
      d.close()
    }
  }, 120_000)
})
