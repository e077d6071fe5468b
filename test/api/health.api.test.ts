import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { goodForm, idFor, useHealthCloud } from './health.helpers'

/** The health function over HTTP (SPEC §5, seed 002): cards, self and proxy filing, limits, isolation. */
const { as, at, client, cloud } = useHealthCloud()
const child = { name: '吴思涵', docType: 'birth_certificate', docNumber: 'Q440123456' }

async function classWithCard(teacherN = 900, name = '三年级二班') {
  const teacher = await as('黄老师', idFor(teacherN, '19800101'))
  const { org } = await teacher.ok('createOrg', { name, deadline: '22:00', frequency: 'daily' })
  const card = await teacher.ok('issueInvite', { orgId: org.orgId })
  return { teacher, org, card }
}

beforeEach(() => at('2026-11-22T08:00:00'))

/** GETs an export link as the page would (local links are root-relative to the cloud). */
async function download(link: string) {
  const res = await fetch(new URL(link, cloud().url))
  const raw = await res.arrayBuffer()
  return { status: res.status, headers: res.headers, raw, body: Buffer.from(raw) }
}

describe('health: cards and joining', () => {
  it('a parent opens the card, adds their child by birth certificate and files; the list shows the status', async () => {
    const { org, card } = await classWithCard()
    expect(card.path).toMatch(/^\/health\/invite\/index\?t=/)
    const parent = await as('陈美玲', '441302198506120324')
    const preview = await parent.ok('previewInvite', { ticket: card.ticket })
    expect(preview.org).toMatchObject({ name: '三年级二班', deadline: '22:00', role: 'member', collectorMaskedName: '**师' })
    const joined = await parent.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: child } })
    expect(joined.declarant).toMatchObject({ maskedName: '**涵', docType: 'birth_certificate', maskedDocNumber: 'Q4******56', relation: 'proxy' })
    expect(joined.declarant.orgs).toEqual([expect.objectContaining({ orgId: org.orgId, today: 'missing' })])
    const filed = await parent.submit(org.orgId, joined.declarant.declarantId)
    expect(filed).toMatchObject({ ok: true, data: { day: '2026-11-22', late: false, replayed: false } })
    const list = await parent.ok('myDeclarants')
    expect(list.items[0].orgs[0]).toMatchObject({ today: 'submitted' })
    expect(JSON.stringify(list)).not.toContain('Q440123456')
    expect(client.bodies.join('\n')).not.toContain('吴思涵')
  })

  it('says who filed the counted entry when a proxy replaces the declarant’s own', async () => {
    const { card, teacher, org } = await classWithCard(903)
    const student = await as('林晓雨', idFor(904, '20050101'))
    const own = await student.ok('joinByInvite', { ticket: card.ticket, join: { as: 'self' } })
    await student.submit(org.orgId, own.declarant.declarantId)
    const target = { orgId: org.orgId, declarantId: own.declarant.declarantId }
    // Her own entry: nobody is warned, and her list calls it hers.
    expect((await student.ok('formContext', target)).today.filedBy).toMatchObject({ text: '您', mine: true })
    at('2026-11-22T09:12:00')
    const proxy = await as('周丽玲', idFor(905))
    const bound = await proxy.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '林晓雨', docType: 'mainland_id', docNumber: idFor(904, '20050101') } } })
    expect(bound.declarant.declarantId).toBe(own.declarant.declarantId)
    // Before replacing it, the proxy is told whose entry counts now.
    expect((await proxy.ok('formContext', target)).today.filedBy).toMatchObject({ text: '本人', mine: false })
    await proxy.submit(org.orgId, own.declarant.declarantId)
    const seen = (await student.ok('myDeclarants')).items[0].orgs[0].filedBy
    expect(seen).toEqual({ text: '代填人**玲', at: Date.parse('2026-11-22T09:12:00+08:00'), mine: false })
    expect((await student.ok('formContext', target)).today.filedBy).toMatchObject({ text: '代填人**玲', mine: false })
    const row = (await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22' })).rows[0]
    expect(row.filedBy).toMatchObject({ text: '代填人**玲' })
    // Never the filer's identity id, in any of these replies.
    expect(JSON.stringify(row)).not.toMatch(/filerId/)
    at('2026-11-22T08:00:00')
  })

  it('refuses joining without a valid card: missing, malformed, tampered, expired; nothing is written', async () => {
    const { card, teacher, org } = await classWithCard(901)
    const parent = await as('何晓欣', '440604198901260288')
    const join = (ticket: string) => parent.health('joinByInvite', { ticket, join: { as: 'self' } })
    expect(await parent.health('joinByInvite', { join: { as: 'self' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await join('not-a-ticket')).toMatchObject({ ok: false, error: { code: 'INVITE_INVALID' } })
    const [body, sig] = card.ticket.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), orgId: 'other' })).toString('base64url')
    expect(await join(`${forged}.${sig}`)).toMatchObject({ ok: false, error: { code: 'INVITE_INVALID', message: expect.stringContaining('校验未通过') } })
    expect(await join(`${body}.${sig.slice(0, -2)}AA`)).toMatchObject({ ok: false, error: { code: 'INVITE_INVALID' } })
    at('2026-11-29T08:00:01') // 7 days later: a new login (sessions last 72 h), the same card
    const later = await as('何晓欣', '440604198901260288')
    const expired = await later.health('joinByInvite', { ticket: card.ticket, join: { as: 'self' } })
    expect(expired).toMatchObject({ ok: false, error: { code: 'INVITE_EXPIRED', message: '邀请卡片已过期', hint: expect.stringContaining('重新发送') } })
    expect(await later.health('previewInvite', { ticket: card.ticket })).toEqual(expired)
    at('2026-11-22T08:00:00')
    expect((await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22' })).counts.members).toBe(0)
    expect((await (await as('何晓欣', '440604198901260288')).ok('myDeclarants')).items).toEqual([])
  })

  it('self filing after real-name login; one person in two orgs shows both statuses (FAQ 12)', async () => {
    const a = await classWithCard(902, '高一(3)班')
    const b = await classWithCard(903, '校篮球队')
    const student = await as('梁浩然', idFor(77, '20080101'))
    const s1 = await student.ok('joinByInvite', { ticket: a.card.ticket, join: { as: 'self' } })
    expect(s1.declarant).toMatchObject({ relation: 'self', docType: 'mainland_id', maskedName: '**然' })
    await student.ok('joinByInvite', { ticket: b.card.ticket, join: { as: 'self' } })
    await student.submit(a.org.orgId, s1.declarant.declarantId)
    const [me] = (await student.ok('myDeclarants')).items
    expect(me.orgs.map((o) => [o.orgName, o.today]).sort()).toEqual([['校篮球队', 'missing'], ['高一(3)班', 'submitted']].sort())
  })

  it('a proxy entering their own ID number is filing for themselves', async () => {
    const { card } = await classWithCard(904)
    const id = idFor(78)
    const p = await as('周伟', id)
    const r = await p.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '周伟', docType: 'mainland_id', docNumber: id } } })
    expect(r.declarant.relation).toBe('self')
  })

  it('checks each document type with its own message, and a mainland ID\'s name against the registry', async () => {
    const { card } = await classWithCard(905)
    const p = await as('李秀英', '44010619880304152X')
    const join = (declarant: object) => p.health('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant } })
    const cases: Array<[string, string, string]> = [
      ['mainland_id', '440106200901010001', '校验'],
      ['foreign_passport', 'AB-12', '外国护照'],
      ['hk_macau_permit', 'K12345678', '港澳居民来往内地通行证'],
      ['taiwan_permit', '1234567', '台湾居民来往内地通行证'],
      ['birth_certificate', 'Q44012345', '出生医学证明'],
    ]
    for (const [docType, docNumber, words] of cases) {
      expect(await join({ name: '某某', docType, docNumber })).toMatchObject({ ok: false, error: { code: 'DOC_NUMBER_INVALID', message: expect.stringContaining(words) } })
    }
    expect((await join({ name: 'Tom Lee', docType: 'foreign_passport', docNumber: 'e1234567' })).ok).toBe(true)
    expect((await join({ name: '陈小明', docType: 'hk_macau_permit', docNumber: 'H1234567800' })).ok).toBe(true)
    // A permit cannot be checked: a renewed permit under another name is this filer's own name for it.
    expect(await join({ name: '别人', docType: 'hk_macau_permit', docNumber: 'H1234567801' })).toMatchObject({ ok: true, data: { declarant: { maskedName: '*人' } } })
    // A mainland ID is checked against the registry's name.
    expect(await join({ name: '周某某', docType: 'mainland_id', docNumber: '440106201903080379' })).toMatchObject({ ok: false, error: { code: 'DECLARANT_MISMATCH' } })
    expect(await join({ name: '周梓睿', docType: 'mainland_id', docNumber: '440106201903080379' })).toMatchObject({ ok: true, data: { declarant: { maskedName: '**睿' } } })
  })
})

describe('health: proxies (FAQ 10)', () => {
  it('20 concurrent proxy bindings for one declarant: exactly 2 succeed, the rest are told the rule', async () => {
    const { card } = await classWithCard(906)
    const proxies = await Promise.all(Array.from({ length: 20 }, (_, i) => as(`代填${i}`, idFor(100 + i, '19790101'))))
    const declarant = { name: '王嘉怡', docType: 'birth_certificate', docNumber: 'W440123999' }
    const replies = await Promise.all(proxies.map((p) => p.health('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant } })))
    expect(replies.filter((r) => r.ok)).toHaveLength(2)
    const refused = replies.filter((r) => !r.ok)
    expect(refused).toHaveLength(18)
    expect(refused[0]).toMatchObject({ ok: false, error: { code: 'PROXY_LIMIT', hint: expect.stringContaining('删除申报人') } })
    // One of the two removes the declarant: a third proxy may now bind.
    const winners = proxies.filter((_, i) => replies[i].ok)
    const losers = proxies.filter((_, i) => !replies[i].ok)
    const declarantId = (replies.find((r) => r.ok) as { ok: true; data: { declarant: { declarantId: string } } }).data.declarant.declarantId
    await winners[0].ok('removeDeclarant', { declarantId })
    expect((await winners[0].ok('myDeclarants')).items).toEqual([])
    expect((await losers[0].health('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant } })).ok).toBe(true)
    expect((await losers[1].health('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant } })).ok).toBe(false)
  })

  it('a second proxy, or one taking a freed slot, never receives another filer\'s phone, whereabouts or answers', async () => {
    at('2026-11-21T08:00:00') // the class exists since yesterday
    const { teacher, org, card } = await classWithCard(895)
    const first = await as('陈美玲', '441302198506120324')
    const second = await as('梁志强', idFor(311, '19830101'))
    const third = await as('王丽华', idFor(312, '19840101'))
    const declarant = { name: '吴思涵', docType: 'birth_certificate', docNumber: 'Q440123457' }
    const { declarant: d } = await first.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant } })
    const mine = { ...goodForm, phone: '13912345678', currentLocation: '惠州市惠城区某小区', temperature: 37.9, symptoms: ['cough'] }
    expect((await first.submit(org.orgId, d.declarantId, { form: mine })).ok).toBe(true) // yesterday too: no day's entry may leak
    at('2026-11-22T08:00:00')
    expect((await first.submit(org.orgId, d.declarantId, { form: mine })).ok).toBe(true)
    expect((await first.ok('formContext', { orgId: org.orgId, declarantId: d.declarantId })).lastForm).toEqual(mine)
    await second.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant } })
    const leaks = (ctx: object) => /13912345678|某小区/.test(JSON.stringify(ctx))
    const ctx2 = await second.ok('formContext', { orgId: org.orgId, declarantId: d.declarantId })
    expect([ctx2.lastForm, leaks(ctx2)]).toEqual([null, false])
    // The first proxy frees the slot; the third takes it and sees nothing either.
    await first.ok('removeDeclarant', { declarantId: d.declarantId })
    await third.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant } })
    const ctx3 = await third.ok('formContext', { orgId: org.orgId, declarantId: d.declarantId })
    expect([ctx3.lastForm, leaks(ctx3)]).toEqual([null, false])
    // The second proxy files: they get their own answers back, the collector sees the counted ones.
    const theirs = { ...goodForm, phone: '13700001111' }
    at('2026-11-22T08:05:00')
    expect((await second.submit(org.orgId, d.declarantId, { form: theirs })).ok).toBe(true)
    expect((await second.ok('formContext', { orgId: org.orgId, declarantId: d.declarantId })).lastForm?.phone).toBe('13700001111')
    expect((await third.ok('formContext', { orgId: org.orgId, declarantId: d.declarantId })).lastForm).toBeNull()
    expect((await teacher.ok('formContext', { orgId: org.orgId, declarantId: d.declarantId })).lastForm?.phone).toBe('13700001111')
  })

  it('a proxy cannot read or file for a declarant not bound to them; a collector cannot see another org', async () => {
    const a = await classWithCard(907)
    const b = await classWithCard(908, '四年级一班')
    const parent = await as('刘洋', '441303199005300715')
    const stranger = await as('黄丽娟', '441303199108150641')
    const { declarant } = await parent.ok('joinByInvite', { ticket: a.card.ticket, join: { as: 'proxy', declarant: { name: '刘一诺', docType: 'mainland_id', docNumber: '441303202002110224' } } })
    const target = { orgId: a.org.orgId, declarantId: declarant.declarantId }
    expect(await stranger.health('formContext', target)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect(await stranger.submit(a.org.orgId, declarant.declarantId)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect(await stranger.health('removeDeclarant', { declarantId: declarant.declarantId })).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect(await stranger.health('leaveOrgFor', target)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect((await stranger.ok('myDeclarants')).items).toEqual([])
    // Collector B: not A's workbench, not A's members.
    for (const action of ['workbenchDay', 'lockDay', 'remindMissing'] as const) {
      expect(await b.teacher.health(action, { orgId: a.org.orgId, day: '2026-11-22' })).toMatchObject({ ok: false, error: { code: 'NOT_COLLECTOR' } })
    }
    expect(await b.teacher.health('formContext', target)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } })
    expect(await b.teacher.health('issueInvite', { orgId: a.org.orgId })).toMatchObject({ ok: false, error: { code: 'NOT_COLLECTOR' } })
    expect(await b.teacher.health('export', { orgId: a.org.orgId, range: { from: '2026-11-22', to: '2026-11-22' }, jobId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_COLLECTOR' } })
    // Collector A files for the member from the workbench (FAQ 17), without a proxy slot.
    expect((await a.teacher.submit(a.org.orgId, declarant.declarantId)).ok).toBe(true)
  })
})

describe('health: filing rules', () => {
  let children = 0
  async function filed() {
    const { teacher, org, card } = await classWithCard(909 + Math.floor(Math.random() * 80))
    const parent = await as('孙海涛', '441402198312080198')
    const docNumber = `S${String(++children).padStart(9, '0')}`
    const { declarant } = await parent.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '孙铭', docType: 'birth_certificate', docNumber } } })
    return { teacher, org, parent, card, declarantId: declarant.declarantId, docNumber }
  }

  it('重新提交 with the same client id never counts twice; the same id with other content is refused', async () => {
    const { parent, org, declarantId, teacher } = await filed()
    const clientId = randomUUID()
    const first = await parent.submit(org.orgId, declarantId, { clientId })
    const retries = await Promise.all([1, 2, 3].map(() => parent.submit(org.orgId, declarantId, { clientId })))
    expect(first).toMatchObject({ ok: true, data: { replayed: false } })
    for (const r of retries) expect(r).toMatchObject({ ok: true, data: { replayed: true, declarationId: (first as any).data.declarationId } })
    // A retry after midnight still answers with the first day, and after the lock still succeeds.
    at('2026-11-23T00:00:05')
    await teacher.ok('lockDay', { orgId: org.orgId, day: '2026-11-22' })
    expect(await parent.submit(org.orgId, declarantId, { clientId })).toMatchObject({ ok: true, data: { day: '2026-11-22', replayed: true } })
    expect(await parent.submit(org.orgId, declarantId, { clientId, form: { ...goodForm, temperature: 37.5 } })).toMatchObject({ ok: false, error: { code: 'CLIENT_ID_REUSED' } })
    const day = await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22' })
    expect(day.counts).toEqual({ members: 1, submitted: 1, missing: 0, abnormal: 0 })
  })

  it('latest counts before the deadline; after it a counted day is closed; the lock closes it for filers, not the collector', async () => {
    const { parent, org, declarantId, teacher } = await filed()
    await parent.submit(org.orgId, declarantId)
    at('2026-11-22T21:59:00')
    await parent.submit(org.orgId, declarantId, { form: { ...goodForm, temperature: 38.1, symptoms: ['fever'] } })
    let day = await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22', filter: 'abnormal' })
    expect(day.rows).toEqual([expect.objectContaining({ status: 'submitted', abnormal: ['temperature', 'symptoms'] })])
    at('2026-11-22T22:01:00')
    expect(await parent.submit(org.orgId, declarantId)).toMatchObject({ ok: false, error: { code: 'DAY_CLOSED' } })
    await teacher.ok('lockDay', { orgId: org.orgId, day: '2026-11-22' })
    expect(await parent.submit(org.orgId, declarantId)).toMatchObject({ ok: false, error: { code: 'DAY_LOCKED', message: expect.stringContaining('当日不能再申报') } })
    const ctx = await parent.ok('formContext', { orgId: org.orgId, declarantId })
    expect(ctx.today).toMatchObject({ open: false, locked: true })
    expect(ctx.lastForm?.temperature).toBe(38.1)
    // Only the collector can change a locked day.
    expect((await teacher.submit(org.orgId, declarantId, { form: goodForm })).ok).toBe(true)
    day = await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22' })
    expect(day.counts.abnormal).toBe(0)
  })

  it('backfills yesterday until locked (marked late); nothing older; the day rolls at 00:00:00 China time', async () => {
    const { parent, org, declarantId, teacher } = await filed()
    at('2026-11-22T23:59:59')
    expect(await parent.submit(org.orgId, declarantId)).toMatchObject({ ok: true, data: { day: '2026-11-22', late: true } })
    at('2026-11-23T00:00:00')
    expect(await parent.submit(org.orgId, declarantId, { day: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'DAY_CLOSED' } })
    expect((await parent.ok('formContext', { orgId: org.orgId, declarantId })).today).toMatchObject({ day: '2026-11-23', open: true, late: false })
    at('2026-11-24T09:00:00')
    await teacher.ok('lockDay', { orgId: org.orgId, day: '2026-11-24' })
    expect(await parent.submit(org.orgId, declarantId, { day: 'yesterday' })).toMatchObject({ ok: true, data: { day: '2026-11-23', late: true, replayed: false } })
    expect(await parent.submit(org.orgId, declarantId, { day: 'today' })).toMatchObject({ ok: false, error: { code: 'DAY_LOCKED' } })
  })

  it('a declaration queued on the phone names the date it was filled for: sent after midnight it files that day, marked late; a locked day refuses it', async () => {
    const { parent, org, declarantId, teacher } = await filed() // filled 2026-11-22 (deadline 22:00), no answer reached the server
    at('2026-11-23T00:10:00')
    // As 'today' it would now file the 23rd: the phone sends the date instead.
    const sent = await parent.submit(org.orgId, declarantId, { day: '2026-11-22' })
    expect(sent).toMatchObject({ ok: true, data: { day: '2026-11-22', late: true, replayed: false } })
    expect((await parent.ok('formContext', { orgId: org.orgId, declarantId })).today).toMatchObject({ day: '2026-11-23', submitted: false })
    // A second queued one for the 23rd, held until the collector locked the day: refused with the reason.
    await teacher.ok('lockDay', { orgId: org.orgId, day: '2026-11-23' })
    expect(await parent.submit(org.orgId, declarantId, { day: '2026-11-23' })).toMatchObject({ ok: false, error: { code: 'DAY_LOCKED' } })
  })

  it('backfilling yesterday is refused for a day before the org was created or before the declarant joined, and says why', async () => {
    const { parent, org, declarantId, card } = await filed() // the org and the membership date from today, 2026-11-22 08:00
    const early = await parent.submit(org.orgId, declarantId, { day: 'yesterday' })
    expect(early).toMatchObject({ ok: false, error: { code: 'DAY_OUT_OF_WINDOW', message: expect.stringContaining('早于组织创建') } })
    expect((await parent.ok('formContext', { orgId: org.orgId, declarantId })).yesterday).toMatchObject({ day: '2026-11-21', open: false, reason: expect.stringContaining('早于组织创建') })
    // Next day: the org existed yesterday, but a child added this morning was not yet a member then.
    at('2026-11-23T09:00:00')
    const newcomer = await as('钱晓梅', idFor(313, '19860101'))
    const { declarant } = await newcomer.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '钱多多', docType: 'birth_certificate', docNumber: 'M440000123' } } })
    expect(await newcomer.submit(org.orgId, declarant.declarantId, { day: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'DAY_OUT_OF_WINDOW', message: expect.stringContaining('2026-11-23 加入该组织') } })
    expect((await newcomer.submit(org.orgId, declarant.declarantId, { day: 'today' })).ok).toBe(true)
    // The member who was there yesterday still backfills it.
    expect(await parent.submit(org.orgId, declarantId, { day: 'yesterday' })).toMatchObject({ ok: true, data: { day: '2026-11-22', late: true } })
  })

  it('the collector corrects a named past day, locked or not (FAQ 2: 联系采集员); a proxy cannot; never before the org or in the future', async () => {
    const { parent, org, declarantId, teacher } = await filed()
    expect((await parent.submit(org.orgId, declarantId)).ok).toBe(true)
    await teacher.ok('lockDay', { orgId: org.orgId, day: '2026-11-22' })
    at('2026-11-24T20:00:00') // 11-22 is now older than yesterday
    const outOfWindow = (words: string) => ({ ok: false, error: { code: 'DAY_OUT_OF_WINDOW', message: expect.stringContaining(words) } })
    // A proxy names no day older than yesterday (not the locked one); today's own date is today's
    // choice (a declaration queued on the phone keeps the date it was filled for).
    expect(await parent.submit(org.orgId, declarantId, { day: '2026-11-22' })).toMatchObject(outOfWindow('本日'))
    expect(await parent.submit(org.orgId, declarantId, { day: '2026-11-24' })).toMatchObject({ ok: true, data: { day: '2026-11-24', replayed: false } })
    expect(await parent.health('formContext', { orgId: org.orgId, declarantId, day: '2026-11-22' })).toMatchObject(outOfWindow('本日'))
    // The collector opens that day with its last answers and corrects it; the correction counts.
    const ctx = await teacher.ok('formContext', { orgId: org.orgId, declarantId, day: '2026-11-22' })
    expect(ctx.picked).toMatchObject({ day: '2026-11-22', kind: 'backfill', open: true, locked: true, submitted: true, late: true })
    expect(ctx.lastForm?.temperature).toBe(36.5)
    const fixed = await teacher.submit(org.orgId, declarantId, { day: '2026-11-22', form: { ...goodForm, temperature: 38.2 } })
    expect(fixed).toMatchObject({ ok: true, data: { day: '2026-11-22', late: true, replayed: false } })
    expect((await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22', filter: 'abnormal' })).rows).toEqual([expect.objectContaining({ status: 'submitted', abnormal: ['temperature'] })])
    expect(await teacher.submit(org.orgId, declarantId, { day: '2026-11-23' })).toMatchObject({ ok: true, data: { day: '2026-11-23' } })
    // Not before the org existed, not a day still to come; the same for locking.
    expect(await teacher.submit(org.orgId, declarantId, { day: '2026-11-21' })).toMatchObject(outOfWindow('早于组织创建'))
    expect(await teacher.submit(org.orgId, declarantId, { day: '2026-11-25' })).toMatchObject(outOfWindow('尚未到来'))
    expect((await teacher.ok('formContext', { orgId: org.orgId, declarantId, day: '2026-11-21' })).picked).toMatchObject({ open: false, reason: expect.stringContaining('早于组织创建') })
    expect(await teacher.health('lockDay', { orgId: org.orgId, day: '2026-11-21' })).toMatchObject(outOfWindow('早于组织创建'))
    expect(await teacher.health('lockDay', { orgId: org.orgId, day: '2026-11-25' })).toMatchObject(outOfWindow('尚未到来'))
  })

  it('leaving the org for a declarant: re-joining with the old card is refused, a new card works', async () => {
    const { parent, org, declarantId, teacher, card, docNumber } = await filed()
    await parent.ok('leaveOrgFor', { orgId: org.orgId, declarantId })
    expect(await parent.submit(org.orgId, declarantId)).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } })
    expect((await parent.ok('myDeclarants')).items.find((d) => d.declarantId === declarantId)!.orgs).toEqual([])
    const join = (ticket: string) => parent.health('joinByInvite', { ticket, join: { as: 'proxy', declarant: { name: '孙铭', docType: 'birth_certificate', docNumber } } })
    expect(await join(card.ticket)).toMatchObject({ ok: false, error: { code: 'INVITE_STALE' } })
    at('2026-11-22T08:01:00')
    const fresh = await teacher.ok('issueInvite', { orgId: org.orgId })
    expect((await join(fresh.ticket)).ok).toBe(true)
    expect((await parent.submit(org.orgId, declarantId)).ok).toBe(true)
  })

  it('bad input changes nothing', async () => {
    const { parent, org, declarantId, teacher } = await filed()
    const bad = await parent.health('submitDeclaration', { orgId: org.orgId, declarantId, day: 'today', clientId: randomUUID(), form: { ...goodForm, phone: '123' } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('form.phone') } })
    expect((await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22' })).counts.submitted).toBe(0)
  })
})

describe('health: workbench', () => {
  it('counts, filters, searches by full name, reminds the missing, stats and exports', async () => {
    const { teacher, org, card } = await classWithCard(990)
    const parentA = await as('吕倩', '440304198906300481')
    const parentB = await as('郑浩', '440304198702250312')
    const a = await parentA.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '郑可欣', docType: 'mainland_id', docNumber: '440304201812310261' } } })
    await parentB.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '郑小宝', docType: 'birth_certificate', docNumber: 'B440000001' } } })
    await parentA.submit(org.orgId, a.declarant.declarantId)
    const day = await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22' })
    expect(day.counts).toEqual({ members: 2, submitted: 1, missing: 1, abnormal: 0 })
    expect(day.firstDay).toBe('2026-11-22') // the class was created this morning: the date picker starts today
    expect(day.rows.map((r) => r.status)).toEqual(['missing', 'submitted'])
    // Each row carries the masked document number, so two **宝 or **欣 can be told apart; never the full number.
    expect(day.rows.map((r) => r.maskedDocNumber)).toEqual(['B4******01', '44**************61'])
    expect(JSON.stringify(day)).not.toMatch(/B440000001|440304201812310261/)
    // The org's collector sees whom to chase by full name; a filer never gets the workbench.
    expect(day.rows.map((r) => r.name)).toEqual(['郑小宝', '郑可欣'])
    expect(await parentA.health('workbenchDay', { orgId: org.orgId, day: '2026-11-22' })).toMatchObject({ ok: false })
    expect((await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22', search: '可欣' })).rows.map((r) => r.maskedName)).toEqual(['**欣'])
    expect((await teacher.ok('workbenchDay', { orgId: org.orgId, day: '2026-11-22', filter: 'missing' })).total).toBe(1)
    expect(await teacher.ok('remindMissing', { orgId: org.orgId, day: '2026-11-22' })).toEqual({ reminded: 1, refused: 0, failed: 0, unreachable: 0 })
    const inbox = await parentB.ok('inbox')
    expect(inbox.messages[0]).toMatchObject({ title: '健康申报提醒', body: expect.stringContaining('**宝') })
    expect((await parentA.ok('inbox')).messages).toEqual([])
    const s = await teacher.ok('stats', { range: { from: '2026-11-20', to: '2026-11-22' }, orgId: org.orgId })
    // Days before the org was created are not counted; members count from the day they joined.
    expect(s.days.map((d) => [d.day, d.members, d.submitted])).toEqual([['2026-11-22', 2, 1]])
    const jobId = randomUUID()
    const x = await teacher.ok('export', { orgId: org.orgId, range: { from: '2026-11-21', to: '2026-11-22' }, jobId })
    expect(x).toMatchObject({ rowCount: 2, fileName: expect.stringMatching(/健康申报-2026-11-21至2026-11-22\.xlsx$/) })
    const file = await download(x.url)
    expect([file.status, file.body.subarray(0, 2).toString()]).toEqual([200, 'PK'])
    expect(await teacher.ok('exportProgress', { jobId })).toEqual({ state: 'done', done: 2, total: 2 })
    expect(await parentA.ok('exportProgress', { jobId })).toEqual({ state: 'unknown', done: 0, total: 0 })
  })
})

describe('health: the trace 提醒未申报 leaves', () => {
  it('is stored: workbenchDay shows when and how many, on a second session of the collector too; bad input writes nothing', async () => {
    const { teacher, org, card } = await classWithCard(994, '二年级四班')
    const parent = await as('邓志强', idFor(504, '19830505'))
    await parent.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '邓小雨', docType: 'birth_certificate', docNumber: 'D440000001' } } })
    const day = { orgId: org.orgId, day: '2026-11-22' }
    expect((await teacher.ok('workbenchDay', day)).reminder).toBeNull()

    // Bad input writes nothing: another collector's org, a day to come, a day before the org, a malformed day.
    const other = await classWithCard(995, '二年级五班')
    expect(await other.teacher.health('remindMissing', day)).toMatchObject({ ok: false, error: { code: 'NOT_COLLECTOR' } })
    expect(await teacher.health('remindMissing', { ...day, day: '2026-11-23' })).toMatchObject({ ok: false, error: { code: 'DAY_OUT_OF_WINDOW', message: '该日期尚未到来，没有需要提醒的成员。' } })
    expect(await teacher.health('remindMissing', { ...day, day: '2026-11-21' })).toMatchObject({ ok: false, error: { code: 'DAY_OUT_OF_WINDOW' } })
    expect(await teacher.health('remindMissing', { ...day, day: '2026-13-40' })).toMatchObject({ ok: false })
    expect((await teacher.ok('workbenchDay', day)).reminder).toBeNull()
    expect(await cloud().deps.health.dayReminders.get(org.orgId, '2026-11-23')).toBeNull()
    expect((await parent.ok('inbox')).messages).toEqual([])

    at('2026-11-22T09:05:00')
    expect(await teacher.ok('remindMissing', day)).toMatchObject({ reminded: 1 })
    const first = Date.parse('2026-11-22T09:05:00+08:00')
    expect((await teacher.ok('workbenchDay', day)).reminder).toEqual({ at: first, count: 1, times: 1 })
    // The collector signs in on another phone (which ends the first session) and sees the same trace; nothing personal in it.
    const again = await as('黄老师', idFor(994, '19800101'), 'openid-teacher-second-phone')
    expect(again.sessionToken).not.toBe(teacher.sessionToken)
    const seen = await again.ok('workbenchDay', day)
    expect(seen.reminder).toEqual({ at: first, count: 1, times: 1 })
    expect(JSON.stringify(seen.reminder)).not.toMatch(/邓|openid|teacher|identity/i)

    // Reminded again from that phone: the latest time, and how many times in all.
    at('2026-11-22T10:30:00')
    await again.ok('remindMissing', day)
    expect((await again.ok('workbenchDay', day)).reminder).toEqual({ at: Date.parse('2026-11-22T10:30:00+08:00'), count: 1, times: 2 })
    expect((await parent.ok('inbox')).messages).toHaveLength(2)
    // Another day of the org has its own (no) trace.
    at('2026-11-23T08:00:00')
    expect((await again.ok('workbenchDay', { ...day, day: '2026-11-23' })).reminder).toBeNull()

    // A locked day has nobody missing: reminding it sends nothing and leaves the trace as it was.
    await again.ok('lockDay', day)
    expect(await again.ok('remindMissing', day)).toEqual({ reminded: 0, refused: 0, failed: 0, unreachable: 0 })
    expect((await again.ok('workbenchDay', day)).reminder).toMatchObject({ times: 2 })
  })
})

describe('health: reminders (WeChat subscribe messages)', () => {
  it('counts sent, refused (not subscribed), failed and unreachable separately, sending in parallel batches', async () => {
    const { teacher, org, card } = await classWithCard(991, '五年级三班')
    const parent = await as('冯建国', idFor(501, '19800202'))
    const ids: string[] = []
    for (let i = 0; i < 25; i++) {
      const { declarant } = await parent.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: `冯${i}号`, docType: 'birth_certificate', docNumber: `R${String(i).padStart(9, '0')}` } } })
      ids.push(declarant.declarantId)
    }
    // A 26th member whose only filer removed them from the list: nobody to remind.
    const { declarant: orphan } = await parent.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: '冯孤', docType: 'birth_certificate', docNumber: 'R999999999' } } })
    await parent.ok('removeDeclarant', { declarantId: orphan.declarantId })

    const deps = cloud().deps
    const real = deps.notifier
    let calls = 0
    let inFlight = 0
    let maxInFlight = 0
    deps.notifier = {
      subscribeTemplateId: 'TPL-HEALTH',
      inbox: async () => [],
      async remind() {
        const i = calls++
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        await new Promise<void>((resolve) => setImmediate(resolve))
        inFlight--
        if (i % 5 === 0) return 'refused'
        if (i % 5 === 1) return 'failed'
        if (i % 5 === 2) throw new Error('network down')
        return 'sent'
      },
    }
    try {
      // The filer's form carries the template to ask for; the collector's does not (no reminders for them).
      expect((await parent.ok('formContext', { orgId: org.orgId, declarantId: ids[0] })).remindTemplateId).toBe('TPL-HEALTH')
      expect((await teacher.ok('formContext', { orgId: org.orgId, declarantId: ids[0] })).remindTemplateId).toBeNull()
      const r = await teacher.ok('remindMissing', { orgId: org.orgId, day: '2026-11-22' })
      expect(r).toEqual({ reminded: 10, refused: 5, failed: 10, unreachable: 1 })
      expect(calls).toBe(25)
      expect(maxInFlight).toBe(20)
    } finally {
      deps.notifier = real
    }
  })
})

describe('health: export', () => {
  it('writes the workbook to file storage and replies with a signed link that expires; tampered and expired links are refused', async () => {
    const { teacher, org, card } = await classWithCard(993, '初三(2)班')
    const parent = await as('罗建华', idFor(503, '19820404'))
    for (let i = 0; i < 3; i++) {
      const { declarant } = await parent.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: `罗${i}号`, docType: 'birth_certificate', docNumber: `L${String(i).padStart(9, '0')}` } } })
      if (i !== 1) await parent.submit(org.orgId, declarant.declarantId)
    }
    await teacher.ok('lockDay', { orgId: org.orgId, day: '2026-11-22' }) // at 08:00, long before the 22:00 deadline
    const x = await teacher.ok('export', { orgId: org.orgId, range: { from: '2026-11-22', to: '2026-11-22' }, jobId: randomUUID() })
    expect(x).toMatchObject({ fileName: '初三(2)班-健康申报-2026-11-22.xlsx', rowCount: 3 })
    expect(Object.keys(x).sort()).toEqual(['bytes', 'fileName', 'rowCount', 'url'])
    const link = new URL(x.url, cloud().url)
    expect(link.pathname).toMatch(/^\/files\/[A-Za-z0-9_-]{22}$/)
    // Short-lived: ten minutes from the cloud's clock.
    expect(Number(link.searchParams.get('exp'))).toBe(Date.parse('2026-11-22T08:10:00+08:00'))

    const file = await download(x.url)
    expect(file.status).toBe(200)
    expect(file.body.subarray(0, 2).toString()).toBe('PK')
    expect(file.body.length).toBe(x.bytes)
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    // RFC 6266/5987: an ASCII fallback, and the UTF-8 name (with '(' and ')' escaped) as filename*.
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="_(2)_-_-2026-11-22.xlsx"; filename*=UTF-8''%E5%88%9D%E4%B8%89%282%29%E7%8F%AD-%E5%81%A5%E5%BA%B7%E7%94%B3%E6%8A%A5-2026-11-22.xlsx`,
    )
    const wb = await new ExcelJS.Workbook().xlsx.load(file.raw)
    const sheet = wb.getWorksheet('健康申报')!
    expect(sheet.actualRowCount).toBe(1 + x.rowCount)
    expect(sheet.getColumn(2).values.slice(2).sort()).toEqual(['罗0号', '罗1号', '罗2号'])
    // The one who did not file is 未申报 because the collector submitted the day, not because a deadline passed.
    expect(sheet.getColumn(5).values.slice(2).sort()).toEqual(['已申报', '已申报', '未申报（采集员已提交当日数据）'])

    const sig = link.searchParams.get('sig')!
    const withParams = (exp: string, s: string) => `${link.pathname}?exp=${exp}&sig=${s}`
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
    const refused = expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) })
    for (const bad of [
      withParams(link.searchParams.get('exp')!, flipped), // tampered signature
      withParams(String(Number(link.searchParams.get('exp')) + 3_600_000), sig), // expiry pushed out
      withParams(link.searchParams.get('exp')!, ''), // no signature
      `${link.pathname.slice(0, -1)}${link.pathname.endsWith('A') ? 'B' : 'A'}${link.search}`, // another file id
    ]) {
      const r = await download(bad)
      expect([r.status, JSON.parse(r.body.toString())]).toEqual([403, refused])
    }
    at('2026-11-22T08:10:01') // one second past the link's expiry
    const late = await download(x.url)
    expect([late.status, JSON.parse(late.body.toString())]).toEqual([403, refused])

    // A storage failure fails the export and its job: the page stops its bar and offers 重试.
    const files = cloud().deps.files
    const realPut = files.put
    files.put = async () => {
      throw new Error('storage unavailable')
    }
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const jobId = randomUUID()
      expect(await teacher.health('export', { orgId: org.orgId, range: { from: '2026-11-22', to: '2026-11-22' }, jobId })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
      expect(await teacher.ok('exportProgress', { jobId })).toEqual({ state: 'failed', done: 3, total: 3 })
    } finally {
      files.put = realPut
      logged.mockRestore()
    }
  })

  it('reads each day\'s entries with one listing (no per-member reads) and marks the job failed when it throws', async () => {
    const { teacher, org, card } = await classWithCard(992, '初二(1)班')
    const parent = await as('邓志强', idFor(502, '19810303'))
    for (let i = 0; i < 3; i++) {
      const { declarant } = await parent.ok('joinByInvite', { ticket: card.ticket, join: { as: 'proxy', declarant: { name: `邓${i}号`, docType: 'birth_certificate', docNumber: `D${String(i).padStart(9, '0')}` } } })
      if (i < 2) await parent.submit(org.orgId, declarant.declarantId)
    }
    const health = cloud().deps.health
    const real = { get: health.dayEntries.get, listByOrgDay: health.dayEntries.listByOrgDay, getMany: health.submissions.getMany }
    const calls = { get: 0, listByOrgDay: 0, getMany: 0 }
    health.dayEntries.get = (...a) => (calls.get++, real.get(...a))
    health.dayEntries.listByOrgDay = (...a) => (calls.listByOrgDay++, real.listByOrgDay(...a))
    health.submissions.getMany = (...a) => (calls.getMany++, real.getMany(...a))
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const jobId = randomUUID()
      const x = await teacher.ok('export', { orgId: org.orgId, range: { from: '2026-11-22', to: '2026-11-22' }, jobId })
      expect(x.rowCount).toBe(3)
      expect(calls).toEqual({ get: 0, listByOrgDay: 1, getMany: 1 })
      expect(await teacher.ok('exportProgress', { jobId })).toEqual({ state: 'done', done: 3, total: 3 })

      health.submissions.getMany = async () => {
        throw new Error('database timeout')
      }
      const failedJob = randomUUID()
      expect(await teacher.health('export', { orgId: org.orgId, range: { from: '2026-11-22', to: '2026-11-22' }, jobId: failedJob })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
      expect(await teacher.ok('exportProgress', { jobId: failedJob })).toEqual({ state: 'failed', done: 0, total: 3 })
    } finally {
      Object.assign(health.dayEntries, { get: real.get, listByOrgDay: real.listByOrgDay })
      health.submissions.getMany = real.getMany
      logged.mockRestore()
    }
  })
})

describe('health: the card before login', () => {
  it('names the org from a valid card without a session, and refuses a forged or expired one', async () => {
    const { card } = await classWithCard(906, '四年级一班')
    const anyone = { call: (_fn: string, event: unknown) => client.post('/cloud/health', event, 'openid-not-logged-in') }
    const seen = await anyone.call('health', { action: 'inviteCard', ticket: card.ticket })
    expect(seen).toMatchObject({ ok: true, data: { orgName: '四年级一班', collectorMaskedName: '**师', deadline: '22:00', frequency: 'daily' } })
    const [body, sig] = card.ticket.split('.')
    expect(await anyone.call('health', { action: 'inviteCard', ticket: `${body}.${sig.slice(0, -2)}AA` })).toMatchObject({ ok: false, error: { code: 'INVITE_INVALID' } })
    at('2026-11-29T08:00:01')
    expect(await anyone.call('health', { action: 'inviteCard', ticket: card.ticket })).toMatchObject({ ok: false, error: { code: 'INVITE_EXPIRED' } })
    at('2026-11-22T08:00:00')
  })
})
