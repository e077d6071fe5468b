import { randomUUID } from 'node:crypto'
import { idFor, useHealthCloud } from './health.helpers'

/**
 * Over HTTP: an export job id another org used, and a declarant's name
 * squatted by the first join that names a document.
 */
const { as, at, cloud } = useHealthCloud()

beforeEach(() => at('2026-11-22T08:00:00'))

async function classWithCard(teacherN: number, name: string) {
  const teacher = await as('黄老师', idFor(teacherN, '19800101'))
  const { org } = await teacher.ok('createOrg', { name, deadline: '22:00', frequency: 'daily' })
  const card = await teacher.ok('issueInvite', { orgId: org.orgId })
  return { teacher, org, card }
}

describe('export job ids are the requester’s own', () => {
  it('a collector reusing another org’s job id is refused, writes nothing, and the first job keeps its progress and owner', async () => {
    const a = await classWithCard(601, '一年级一班')
    const b = await classWithCard(602, '一年级二班')
    const jobId = randomUUID()
    const range = { from: '2026-11-22', to: '2026-11-22' }
    await a.teacher.ok('export', { orgId: a.org.orgId, range, jobId })
    expect(await a.teacher.ok('exportProgress', { jobId })).toEqual({ state: 'done', done: 0, total: 0 })
    const before = await cloud().deps.health.exportJobs.get(jobId)
    const taken = await b.teacher.health('export', { orgId: b.org.orgId, range, jobId })
    expect(taken).toMatchObject({ ok: false, error: { code: 'EXPORT_JOB_TAKEN', hint: expect.stringContaining('重新导出') } })
    expect(await cloud().deps.health.exportJobs.get(jobId)).toEqual(before)
    expect(await a.teacher.ok('exportProgress', { jobId })).toEqual({ state: 'done', done: 0, total: 0 })
    expect(await b.teacher.ok('exportProgress', { jobId })).toEqual({ state: 'unknown', done: 0, total: 0 })
    // The owner may run the same job id again (重试).
    expect((await a.teacher.health('export', { orgId: a.org.orgId, range, jobId })).ok).toBe(true)
  })
})

describe('a declarant’s name cannot be squatted', () => {
  // 刘一诺 is in the registry fixture (mother 黄丽娟); 王磊 is a stranger to the family.
  const child = { name: '刘一诺', docType: 'mainland_id', docNumber: '441303202002110224' }

  it('a mainland ID is checked against the registry: a made-up name is refused and writes nothing; the mother adds her child', async () => {
    const school = await classWithCard(611, '二年级一班')
    const own = await classWithCard(612, '王家自建群')
    const stranger = await as('王磊', '430102198510020357')
    const squat = await stranger.health('joinByInvite', { ticket: own.card.ticket, join: { as: 'proxy', declarant: { ...child, name: '刘假名' } } })
    expect(squat).toMatchObject({ ok: false, error: { code: 'DECLARANT_MISMATCH', hint: expect.stringContaining('居民身份证') } })
    expect((await own.teacher.ok('workbenchDay', { orgId: own.org.orgId, day: '2026-11-22' })).counts.members).toBe(0)
    expect((await stranger.ok('myDeclarants')).items).toEqual([])
    const mother = await as('黄丽娟', '441303199108150641')
    const joined = await mother.ok('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: child } })
    expect(joined.declarant).toMatchObject({ maskedName: '**诺', relation: 'proxy' })
    const row = (await school.teacher.ok('workbenchDay', { orgId: school.org.orgId, day: '2026-11-22' })).rows[0]
    expect(row).toMatchObject({ name: '刘一诺', nameConflict: false })
  })

  it('one’s own document is checked against one’s verified name', async () => {
    const school = await classWithCard(613, '二年级二班')
    const me = await as('林晓雨', idFor(614, '20050101'))
    const wrong = await me.health('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: { name: '林小雨', docType: 'mainland_id', docNumber: idFor(614, '20050101') } } })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'DECLARANT_MISMATCH' } })
    expect((await school.teacher.ok('workbenchDay', { orgId: school.org.orgId, day: '2026-11-22' })).counts.members).toBe(0)
  })

  it('a stranger’s made-up name for an ID the registry does not hold never reaches the school: the student joining herself is shown by her own name', async () => {
    const school = await classWithCard(615, '高二(5)班')
    const own = await classWithCard(616, '陌生人的群')
    const herId = idFor(617, '20080101')
    const stranger = await as('王磊', '430102198510020357')
    await stranger.ok('joinByInvite', { ticket: own.card.ticket, join: { as: 'proxy', declarant: { name: '假名字', docType: 'mainland_id', docNumber: herId } } })
    const student = await as('陈思琪', herId)
    const self = await student.ok('joinByInvite', { ticket: school.card.ticket, join: { as: 'self' } })
    expect(self.declarant.maskedName).toBe('**琪')
    const rows = (await school.teacher.ok('workbenchDay', { orgId: school.org.orgId, day: '2026-11-22' })).rows
    expect(rows.map((r) => [r.name, r.maskedName, r.nameConflict])).toEqual([['陈思琪', '**琪', false]])
    expect((await school.teacher.ok('workbenchDay', { orgId: school.org.orgId, day: '2026-11-22', search: '假名' })).rows).toEqual([])
  })

  it('a permit cannot be checked: a parent’s typo neither blocks nor renames the other parent; the collector sees the conflict and resolves it', async () => {
    const school = await classWithCard(618, '三年级一班')
    const permit = { docType: 'hk_macau_permit', docNumber: 'H1234567800' }
    const father = await as('陈志明', idFor(619, '19800303'))
    const mother = await as('李嘉欣', idFor(620, '19820404'))
    const f = await father.ok('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: { ...permit, name: '陈晓名' } } })
    const m = await mother.ok('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: { ...permit, name: '陈晓明' } } })
    expect(m.declarant.declarantId).toBe(f.declarant.declarantId)
    expect([f.declarant.maskedName, m.declarant.maskedName]).toEqual(['**名', '**明'])
    expect((await father.ok('myDeclarants')).items[0].maskedName).toBe('**名')
    const day = { orgId: school.org.orgId, day: '2026-11-22' }
    const row = (await school.teacher.ok('workbenchDay', day)).rows[0]
    expect(row).toMatchObject({ name: '陈晓名', nameConflict: true, otherName: '陈晓明' })
    const declarantId = row.declarantId
    // Only this org's collector resolves it.
    const other = await classWithCard(621, '三年级二班')
    expect(await other.teacher.health('resolveName', { ...day, declarantId, keep: 'other' })).toMatchObject({ ok: false, error: { code: 'NOT_COLLECTOR' } })
    expect(await mother.health('resolveName', { ...day, declarantId, keep: 'other' })).toMatchObject({ ok: false, error: { code: 'NOT_COLLECTOR' } })
    expect(await school.teacher.ok('resolveName', { ...day, declarantId, keep: 'other' })).toEqual({ name: '陈晓明' })
    expect((await school.teacher.ok('workbenchDay', day)).rows[0]).toMatchObject({ name: '陈晓明', maskedName: '**明', nameConflict: false, otherName: null })
    // Each filer keeps the name they gave on their own list.
    expect((await father.ok('myDeclarants')).items[0].maskedName).toBe('**名')
  })

  it('with both proxy places taken, a wrong name and the stored one get the same refusal', async () => {
    const school = await classWithCard(622, '四年级一班')
    const permit = { docType: 'taiwan_permit', docNumber: '12345678' }
    for (const n of [623, 624]) await (await as(`代填${n}`, idFor(n, '19790101'))).ok('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: { ...permit, name: '林美君' } } })
    const third = await as('代填三', idFor(625, '19790101'))
    const right = await third.health('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: { ...permit, name: '林美君' } } })
    const wrong = await third.health('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: { ...permit, name: '王某某' } } })
    expect(right).toMatchObject({ ok: false, error: { code: 'PROXY_LIMIT' } })
    expect(wrong).toEqual(right)
  })
})

describe('a proxy acts for a declarant only in the orgs they joined them through', () => {
  it('a stranger bound through their own org neither sees, files, reads nor takes the child out of the school, and is not reminded', async () => {
    const school = await classWithCard(630, '五年级一班')
    const own = await classWithCard(631, '陌生人的群二')
    const permit = { docType: 'foreign_passport', docNumber: 'E98765432', name: 'Anna Lee' }
    const mother = await as('李嘉欣', idFor(632, '19820404'))
    const { declarant } = await mother.ok('joinByInvite', { ticket: school.card.ticket, join: { as: 'proxy', declarant: permit } })
    const stranger = await as('王磊', '430102198510020357')
    await stranger.ok('joinByInvite', { ticket: own.card.ticket, join: { as: 'proxy', declarant: permit } })
    const target = { orgId: school.org.orgId, declarantId: declarant.declarantId }
    // Their list shows the child only in their own org, never the school.
    const mine = (await stranger.ok('myDeclarants')).items.find((d) => d.declarantId === declarant.declarantId)!
    expect(mine.orgs.map((o) => o.orgName)).toEqual(['陌生人的群二'])
    expect(await stranger.submit(school.org.orgId, declarant.declarantId)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect(await stranger.health('formContext', target)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect(await stranger.health('leaveOrgFor', target)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect((await school.teacher.ok('workbenchDay', { orgId: school.org.orgId, day: '2026-11-22' })).counts).toMatchObject({ members: 1, submitted: 0 })
    // 提醒未申报 in the school reaches the mother only.
    expect(await school.teacher.ok('remindMissing', { orgId: school.org.orgId, day: '2026-11-22' })).toMatchObject({ reminded: 1 })
    expect((await stranger.ok('inbox')).messages).toEqual([])
    // The mother, who joined through the school's card, files there.
    expect((await mother.submit(school.org.orgId, declarant.declarantId)).ok).toBe(true)
  })
})
