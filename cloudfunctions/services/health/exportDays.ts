import { DAY_STATUS_LABELS, DOC_TYPE_LABELS, HealthForm, HEALTH_FORM_LABELS, type HealthData, type HealthEvent } from '../../../types/health'
import { AppError } from '../../domain/errors'
import { shanghaiDateTime } from '../../domain/calendar'
import { maskIdNumber } from '../../domain/mask'
import type { ExportJob, Org } from '../../ports/healthStores'
import { loadHealthCaller, requireCollector } from './caller'
import type { HealthDeps } from './healthDeps'
import { dayRows, daysOf, memberName } from './workbench'

type E<A extends HealthEvent['action']> = Extract<HealthEvent, { action: A }>

/** Rows between progress writes; also where the loop yields so exportProgress calls get answered. */
const CHUNK = 500
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve))
/** The link is for the download that follows the reply, not for sharing: ten minutes. */
const LINK_TTL_SECONDS = 600
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const L = HEALTH_FORM_LABELS
/** Like the 日期 column (2026-12-05 09:00), not Intl's 2026/12/05: one date style in the sheet. */
const timeText = (ms: number) => shanghaiDateTime(ms)

/**
 * Excel export of a day or a range (exceljs, made here in the function), one row per member per
 * day. Full names for the collector's report to the administrator, document numbers masked,
 * answers in words. Progress goes to the export job document every CHUNK rows, so the page can
 * poll exportProgress (from any instance) while this call runs; a failure marks the job failed
 * so the page stops waiting and offers 重试. The workbook goes to file storage (deps.files) and
 * the reply carries a short-lived link to it.
 */
export async function exportDays(deps: HealthDeps, openid: string, e: E<'export'>): Promise<HealthData['export']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = await requireCollector(deps, caller, e.orgId)
  const days = daysOf(e.range).filter((d) => d <= caller.today)
  if (days.length === 0) throw new AppError('BAD_REQUEST', '所选日期还没有申报数据')
  let job: ExportJob = { id: e.jobId, orgId: org.id, requestedBy: caller.identity.id, done: 0, total: 0, state: 'running', updatedAt: caller.now }
  const progress = async (p: Partial<ExportJob>) => {
    job = { ...job, ...p, updatedAt: deps.clock.now() }
    await deps.health.exportJobs.progress(job)
  }
  // An id another org or requester already used is refused, and nothing written.
  if (!(await deps.health.exportJobs.start(job))) throw new AppError('EXPORT_JOB_TAKEN')
  try {
    return await buildWorkbook(deps, org, days, progress)
  } catch (err) {
    // Best effort: the error the caller sees is the export's, not this write's.
    await progress({ state: 'failed' }).catch(() => undefined)
    throw err
  }
}

/**
 * Reads per day, never per member (a CloudBase function has 60 s): the day's board and its
 * counted entries are one listing each; the forms are read CHUNK at a time by id (`_.in` on
 * CloudBase, 1,000 ids per query).
 */
async function buildWorkbook(deps: HealthDeps, org: Org, days: string[], progress: (p: Partial<ExportJob>) => Promise<void>): Promise<HealthData['export']> {
  const perDay = await Promise.all(
    days.map(async (day) => {
      const [{ rows, active }, entries] = await Promise.all([dayRows(deps, org, day), deps.health.dayEntries.listByOrgDay(org.id, day)])
      return { day, rows, memberOf: new Map(active.map((m) => [m.declarantId, m])), entryOf: new Map(entries.map((x) => [x.declarantId, x])) }
    }),
  )
  const ids = new Set(perDay.flatMap((d) => d.rows.map((r) => r.declarantId)))
  const declarants = new Map((await deps.health.declarants.getMany([...ids])).map((d) => [d.id, d]))
  const total = perDay.reduce((n, d) => n + d.rows.length, 0)
  await progress({ total })

  // exceljs loads on the first export only: the health function's other actions start without it.
  const { Workbook } = await import('../../adapters/excel/workbook')
  const wb = new Workbook()
  const ws = wb.addWorksheet('健康申报')
  ws.columns = [
    { header: '日期', width: 12 }, { header: '姓名', width: 10 }, { header: '证件类型', width: 16 }, { header: '证件号码', width: 22 },
    { header: '状态', width: 30 }, { header: '提交时间', width: 18 }, { header: '补报/逾期', width: 10 }, { header: L.fields.phone, width: 14 },
    { header: L.fields.currentLocation, width: 20 }, { header: L.fields.temperature, width: 10 }, { header: L.fields.symptoms, width: 18 },
    { header: '近14天接触', width: 10 }, { header: '近14天中高风险地区', width: 12 }, { header: L.fields.healthCodeColour, width: 8 },
    { header: L.fields.isolation, width: 10 }, { header: '异常', width: 24 },
  ]
  ws.getRow(1).font = { bold: true }
  let done = 0
  for (const { day, rows, memberOf, entryOf } of perDay) {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const slice = rows.slice(i, i + CHUNK)
      const subIds = slice.flatMap((r) => {
        const entry = r.status === 'submitted' ? entryOf.get(r.declarantId) : undefined
        return entry ? [entry.submissionId] : []
      })
      const subs = new Map((await deps.health.submissions.getMany(subIds)).map((s) => [s.declarantId, s]))
      slice.forEach((r) => {
        const d = declarants.get(r.declarantId)
        const sub = subs.get(r.declarantId)
        const f = sub ? HealthForm.parse(JSON.parse(deps.cipher.decrypt(sub.formCipher))) : null
        const yes = (b: boolean) => (b ? '是' : '否')
        ws.addRow([
          // The name this org knows the member by, not whatever another org's filer typed.
          day, memberName(deps, memberOf.get(r.declarantId) ?? { nameCipher: null }, d, r.maskedName), DOC_TYPE_LABELS[r.docType], d ? maskIdNumber(deps.cipher.decrypt(d.docNumberCipher)) : '',
          DAY_STATUS_LABELS[r.status], r.submittedAt ? timeText(r.submittedAt) : '', r.late ? '是' : '',
          f?.phone ?? '', f?.currentLocation ?? '', f?.temperature ?? '', f ? (f.symptoms.length ? f.symptoms.map((s) => L.symptoms[s]).join('、') : '无') : '',
          f ? yes(f.riskContact) : '', f ? yes(f.riskAreaTravel) : '', f ? L.healthCodeColour[f.healthCodeColour] : '', f ? L.isolation[f.isolation] : '',
          r.abnormal.map((k) => (L.fields as Record<string, string>)[k] ?? k).join('、'),
        ])
      })
      done += slice.length
      await progress({ done })
      await yieldNow()
    }
  }
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
  const span = days.length === 1 ? days[0] : `${days[0]}至${days[days.length - 1]}`
  const fileName = `${org.name}-健康申报-${span}.xlsx`
  // To storage, not into the reply: CloudBase caps a function's reply, and a week of a large org exceeds it.
  const { fileId } = await deps.files.put(fileName, bytes, XLSX_TYPE, `health-exports/${org.id}`)
  const url = await deps.files.link(fileId, LINK_TTL_SECONDS)
  await progress({ done: total, state: 'done' })
  return { fileName, url, rowCount: total, bytes: bytes.byteLength }
}

export async function exportProgress(deps: HealthDeps, openid: string, e: E<'exportProgress'>): Promise<HealthData['exportProgress']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const job = await deps.health.exportJobs.get(e.jobId)
  // Someone else's job id tells nothing.
  if (!job || job.requestedBy !== caller.identity.id) return { state: 'unknown', done: 0, total: 0 }
  return { state: job.state, done: job.done, total: job.total }
}

export async function inbox(deps: HealthDeps, openid: string, e: E<'inbox'>): Promise<HealthData['inbox']> {
  await loadHealthCaller(deps, openid, e.sessionToken)
  return { messages: await deps.notifier.inbox(openid) }
}
