import { PDFDocument } from 'pdf-lib'
import { F01, useSpaceCloud } from '../helpers/spaceCloud'

/** The space function over HTTP (SPEC §2): detail, PDF download, error reports, access history. */
const { as, certOf, advance } = useSpaceCloud()

beforeAll(async () => {
  // The mother's space as the flow leaves it: certificate claimed, child linked, ward claimed.
  const mother = await as(F01.mother)
  const cert = await certOf(mother)
  const link = await mother.ok('linkChild', { birthCertificateId: cert.credentialId, childIdNumber: F01.child })
  if (!link.linked) throw new Error(link.reason.code)
  await mother.ok('claimChildCredentials', { childLinkId: link.child.childLinkId, consentAccepted: true })
})

describe('space: detail, download, reports, history', () => {
  it('detail needs a recent verification and then shows the full fields', async () => {
    const mother = await as(F01.mother)
    const cert = await certOf(mother)
    advance(10 * 60_000)
    expect(await mother.space('detail', { credentialId: cert.credentialId })).toMatchObject({ ok: false, error: { code: 'VERIFICATION_REQUIRED' } })
    await mother.reverify()
    const detail = await mother.ok('detail', { credentialId: cert.credentialId })
    const fields = detail.sections.flatMap((s) => s.fields)
    expect(fields.find((f) => f.key === 'newbornName')?.value).toBe('吴思涵')
    expect(fields.find((f) => f.key === 'mother.idNumber')?.value).toBe(F01.mother)
  })

  it('download returns a PDF whose watermark names who (masked), why and when', async () => {
    const mother = await as(F01.mother)
    await mother.reverify()
    const cert = await certOf(mother)
    const pdf = await mother.ok('download', { credentialId: cert.credentialId, purpose: '小学新生报名' })
    expect(pdf.filename).toMatch(/^出生医学证明_\d{8}\.pdf$/)
    const doc = await PDFDocument.load(Buffer.from(pdf.base64, 'base64'))
    const subject = doc.getSubject() ?? ''
    expect(subject).toContain('下载人：**玲（44**************24）')
    expect(subject).toContain('用途：小学新生报名')
    expect(subject).toMatch(/时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/)
    expect(subject).not.toContain(F01.mother)
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1)
  })

  it('stores an error report and lists it with its state', async () => {
    const mother = await as(F01.mother)
    const cert = await certOf(mother)
    const short = await mother.space('reportError', { credentialId: cert.credentialId, fields: ['hospital'], description: '太短' })
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('至少5个字') } })
    const made = await mother.ok('reportError', { credentialId: cert.credentialId, fields: ['hospital'], description: '接生机构名称有误，应为惠州市第一妇幼保健院' })
    expect(made.report).toMatchObject({ state: '已提交', fields: ['hospital'], type: 'birth_certificate' })
    expect((await mother.ok('listReports')).reports.map((r) => r.reportId)).toContain(made.report.reportId)
  })

  it('history lists every claim, link, ward claim, view, download and report, newest first, paged', async () => {
    const mother = await as(F01.mother)
    const page1 = await mother.ok('history', { limit: 3 })
    const page2 = await mother.ok('history', { limit: 50, cursor: page1.nextCursor })
    const all = [...page1.entries, ...page2.entries]
    const actions = new Set(all.map((e) => e.action))
    for (const a of ['claim', 'link', 'claim_ward', 'view', 'download', 'report']) expect(actions).toContain(a)
    const times = all.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(all[0]).toMatchObject({ action: 'report', actor: { kind: 'self', label: '**玲' } })
    expect(JSON.stringify(all)).not.toContain(F01.mother)
  })
})

