import { CounterResults, type CounterAction, type CounterData } from '../../types/counter'
import { passwordHash } from '../../cloudfunctions/services/counter/desk'
import { decodeLeaf } from '../../cloudfunctions/domain/ledger/leaf'
import { delegationNoticeOf, matterById } from '../../cloudfunctions/domain/counter/matters'
import { pdfText, requirePoppler, savePng } from '../helpers/poppler'
import { F13, F14, useConsentCloud } from './consent.helpers'

/** Counter use (免证办, SPEC §6) over HTTP: 政务码, the counter's scan, the phone's answer, the form, the ledger. */
const { as, fresh, advance, cloud, client } = useConsentCloud()
const ledgerSize = () => cloud().deps.consent.ledger.size()

type Reply<A extends CounterAction> = { ok: true; data: CounterData[A] } | { ok: false; error: { code: string; message: string; hint: string } }

async function phone(idNumber: string, renew = false) {
  const p = renew ? await fresh(idNumber) : await as(idNumber)
  const counter = async <A extends CounterAction>(action: A, rest: Record<string, unknown> = {}): Promise<Reply<A>> =>
    CounterResults[action].parse(await client.post('/cloud/counter', { action, sessionToken: p.sessionToken, ...rest }, p.openid)) as Reply<A>
  const ok = async <A extends CounterAction>(action: A, rest: Record<string, unknown> = {}): Promise<CounterData[A]> => {
    const r = await counter(action, rest)
    if (!r.ok) throw new Error(`${action} failed: ${r.error.code} ${r.error.message}`)
    return r.data
  }
  return { ...p, counter, cok: ok }
}

async function desk(action: string, body: Record<string, unknown>, token: string | null): Promise<{ status: number; body: any }> {
  const res = await fetch(`${cloud().url}/counter/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

let staff: string

beforeAll(async () => {
  const mum = await phone(F14.mum)
  for (const type of ['id_card', 'household_register', 'birth_certificate']) await mum.ok('claim', { type })
  const signIn = await desk('signIn', cloud().demoCounter, null)
  expect(signIn.status).toBe(200)
  staff = signIn.body.data.token
})

describe('政务码 (the holder’s side)', () => {
  it('a fresh code: 12 digits, a signed QR payload, 60 s of life, a new one asked for after 30 s', async () => {
    const mum = await phone(F14.mum)
    const c = await mum.cok('code')
    expect(c.digits).toMatch(/^\d{12}$/)
    expect(c.qr).toMatch(new RegExp(`^ZWM1\\.${c.digits}\\.[0-9a-z]+\\.[0-9a-f]{32}$`))
    expect(c.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect([c.expiresAt - c.issuedAt, c.refreshAt - c.issuedAt]).toEqual([60_000, 30_000])
    const again = await mum.cok('code')
    expect(again.digits).not.toBe(c.digits)
  })

  it('needs a recent face check, like other sensitive actions', async () => {
    advance(6 * 60_000)
    const mum = await phone(F14.mum)
    const r = await mum.counter('code')
    expect(r.ok ? 'ok' : r.error.code).toBe('VERIFICATION_REQUIRED')
    await mum.reverify()
    expect((await mum.cok('code')).digits).toMatch(/^\d{12}$/)
  })
})

describe('扫码: scan, authorize on the phone, the form fills itself (seed 004 §3(1))', () => {
  let caseId: string
  let scannedCode: string
  it('the counter scans: the 免证清单 says which of the matter’s credentials she holds; the code is spent', async () => {
    const mum = await phone(F14.mum)
    const before = await ledgerSize()
    const { qr, digits } = await mum.cok('code')
    scannedCode = digits
    const r = await desk('scan', { matterId: 'enrol-review', code: qr }, staff)
    expect(r.status).toBe(200)
    caseId = r.body.data.caseId
    expect(r.body.data.holderMasked).toBe('**婷')
    expect(r.body.data.list.map((u: { type: string; held: boolean }) => [u.type, u.held])).toEqual([
      ['id_card', true], ['household_register', true], ['birth_certificate', true], ['property', false],
    ])
    // A screenshot of the same code, at this counter or any other, is refused.
    expect((await desk('scan', { matterId: 'enrol-review', code: qr }, staff)).body.error.code).toBe('CODE_USED')
    // Scanning reads nothing: the ledger is unchanged until she confirms.
    expect(await ledgerSize()).toBe(before)
  })

  it('before she confirms, the form is refused (403) and the refusal is on the ledger', async () => {
    const before = await ledgerSize()
    const r = await desk('form', { caseId }, staff)
    expect([r.status, r.body.error.code]).toEqual([403, 'COUNTER_READ_REFUSED'])
    expect(await ledgerSize()).toBe(before + 1)
  })

  it('her phone shows the 服务授权: which counter, which matter, which credentials and fields, for how long', async () => {
    const mum = await phone(F14.mum)
    const { service } = await mum.cok('pending')
    expect(service).toMatchObject({ caseId, counterName: '惠州市实验小学·新生入学现场审核窗口（演示）', matterName: '义务教育新生入学现场审核', grantMinutes: 120, state: 'awaiting' })
    expect(service!.uses.find((u) => u.type === 'household_register')).toEqual({ type: 'household_register', title: '居民户口簿', fields: ['户号', '户别', '户主姓名', '住址'], held: true })
    // The 政务码 page's poll names the codes it showed: the scanned one leads to the same case;
    // someone else naming that code learns nothing.
    const polled = await mum.cok('pending', { codes: [scannedCode] })
    expect(polled.service?.caseId).toBe(caseId)
    expect((await mum.cok('pending', { codes: ['000000000000'] })).service).toBeNull()
    // Another person's phone sees nothing, and cannot answer it.
    const dad = await phone(F14.dad)
    expect((await dad.cok('pending', { codes: [scannedCode] })).service).toBeNull()
    expect((await dad.cok('pending')).service).toBeNull()
    const foreign = await dad.counter('answer', { caseId, decision: 'confirm' })
    expect(foreign.ok ? 'ok' : foreign.error.code).toBe('CASE_NOT_FOUND')
  })

  it('确认授权 is a grant on the ledger; the counter’s form then fills with only the matter’s fields, each read recorded', async () => {
    const mum = await phone(F14.mum)
    const before = await ledgerSize()
    // The 授权说明 the page shows: counter, matter, the credentials held and their fields, how long; no names.
    const shown = (await mum.cok('pending')).service!.notice
    expect(shown.hash).toBe(require('node:crypto').createHash('sha256').update(shown.text, 'utf8').digest('hex'))
    expect(shown.text.split('\n').slice(0, 3)).toEqual(['窗口服务授权说明（第1版）', '办事窗口：惠州市实验小学·新生入学现场审核窗口（演示）', '办理事项：义务教育新生入学现场审核'])
    expect(shown.text).toContain('窗口将读取：居民户口簿（户号、户别、户主姓名、住址）')
    expect(shown.text).not.toMatch(/李婉婷|4413|\*\*婷/)
    // A stale or forged hash confirms nothing: no ledger entry, no notice kept, the case still waits.
    const forged = await mum.counter('answer', { caseId, decision: 'confirm', notice: 'ab'.repeat(32) })
    expect(forged.ok ? 'ok' : forged.error.code).toBe('NOTICE_CHANGED')
    expect(await ledgerSize()).toBe(before)
    expect(await cloud().deps.consent.notices.get(shown.hash)).toBeNull()
    expect((await desk('case', { caseId }, staff)).body.data.state).toBe('awaiting')
    const { service } = await mum.cok('answer', { caseId, decision: 'confirm', notice: shown.hash })
    expect(service.state).toBe('confirmed')
    expect(await ledgerSize()).toBe(before + 1)
    const leaf = decodeLeaf((await cloud().deps.consent.ledger.entry(before))!.leaf)!
    expect(leaf).toMatchObject({ consent: `counter:${caseId}`, action: 'grant', notice: shown.hash })
    expect((await cloud().deps.consent.notices.get(shown.hash))?.text).toBe(shown.text)
    // A second answer (another tab, a double tap) changes nothing.
    const twice = await mum.counter('answer', { caseId, decision: 'refuse' })
    expect(twice.ok ? 'ok' : twice.error.code).toBe('CASE_ANSWERED')
    expect((await desk('case', { caseId }, staff)).body.data.state).toBe('confirmed')
    const form = await desk('form', { caseId }, staff)
    expect(form.status).toBe(200)
    expect(form.body.data.applicant).toEqual({ name: '李婉婷', idNumber: F14.mum })
    const reg = form.body.data.credentials.find((c: { type: string }) => c.type === 'household_register')
    expect(reg.fields.map((f: { key: string }) => f.key)).toEqual(['householdNumber', 'householdType', 'head', 'address'])
    const birth = form.body.data.credentials.find((c: { type: string }) => c.type === 'birth_certificate')
    // Fields outside the matter's allow-list never leave (the mother's ID number on the certificate).
    expect(birth.fields.map((f: { key: string }) => f.key)).not.toContain('mother.idNumber')
    // The grant, and the form as one read (one entry per read, not per credential).
    expect(await ledgerSize()).toBe(before + 1 + 1)
    // Her 数字档案袋 names the counter and what it read.
    const history = await mum.ok('history', {})
    const read = history.entries.find((e) => e.action === 'read' && e.actor.label.includes('现场审核窗口'))
    expect(read?.actor.operator).toBe('李**')
    expect(read?.note).toContain('义务教育新生入学现场审核')
  })

  it('she ends the authorization: the next read is refused and recorded', async () => {
    const mum = await phone(F14.mum)
    expect((await mum.cok('end', { caseId })).service.state).toBe('ended')
    const before = await ledgerSize()
    expect((await desk('form', { caseId }, staff)).status).toBe(403)
    expect(await ledgerSize()).toBe(before + 1)
    expect((await mum.cok('mine')).services.find((s) => s.caseId === caseId)?.state).toBe('ended')
  })
})

describe('what a code and a counter cannot do', () => {
  it('one code scanned by two counters at once: exactly one wins', async () => {
    const mum = await phone(F14.mum)
    const { digits } = await mum.cok('code')
    const other = (await desk('signIn', cloud().demoCounter, null)).body.data.token
    const [a, b] = await Promise.all([
      desk('scan', { matterId: 'enrol-review', code: digits }, staff),
      desk('scan', { matterId: 'household-settle', code: digits.replace(/(\d{4})/g, '$1 ') }, other),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 400])
    expect([a, b].find((r) => r.status === 400)!.body.error.code).toBe('CODE_USED')
  })

  it('an expired code (an old screenshot) is refused; a code whose signature or expiry was edited is not found', async () => {
    const mum = await phone(F14.mum)
    const { qr, digits } = await mum.cok('code')
    const forged = qr.replace(/[0-9a-f]{32}$/, '0'.repeat(32))
    expect((await desk('scan', { matterId: 'enrol-review', code: forged }, staff)).body.error.code).toBe('CODE_NOT_FOUND')
    advance(60_000)
    expect((await desk('scan', { matterId: 'enrol-review', code: qr }, staff)).body.error.code).toBe('CODE_EXPIRED')
    expect((await desk('scan', { matterId: 'enrol-review', code: digits }, staff)).body.error.code).toBe('CODE_EXPIRED')
  })

  it('refuses: no or a wrong staff session, a wrong password, a matter the counter is not registered for, bad input; nothing is written', async () => {
    const before = await ledgerSize()
    expect((await desk('signIn', { operatorId: cloud().demoCounter.operatorId, password: 'wrong-password' }, null)).body.error.code).toBe('COUNTER_UNAUTHORIZED')
    expect((await desk('signIn', { operatorId: 'nobody', password: 'x' }, null)).status).toBe(401)
    expect((await desk('me', {}, null)).status).toBe(401)
    expect((await desk('me', {}, 'x'.repeat(43))).status).toBe(401)
    // A WeChat identity is no counter credential.
    const res = await fetch(`${cloud().url}/counter/api/me`, { method: 'POST', headers: { 'x-wx-openid': 'openid-anyone' }, body: '{}' })
    expect(res.status).toBe(401)
    // A counter registered only for 户口迁入 cannot use a code for the enrolment review.
    await cloud().deps.counter.counters.ensure({ id: 'narrow', name: '户籍窗口', matterIds: ['household-settle'], createdAt: 1 })
    await cloud().deps.counter.operators.ensure({ id: 'huji01', counterId: 'narrow', name: '张**', passwordHash: passwordHash('narrow-desk-pass'), createdAt: 1 })
    const narrow = (await desk('signIn', { operatorId: 'huji01', password: 'narrow-desk-pass' }, null)).body.data
    expect(narrow.matters).toEqual([{ id: 'household-settle', name: '户口迁入（投靠父母）' }])
    const mum = await phone(F14.mum)
    const { digits } = await mum.cok('code')
    expect((await desk('scan', { matterId: 'enrol-review', code: digits }, narrow.token)).body.error.code).toBe('MATTER_NOT_ALLOWED')
    expect((await desk('scan', { matterId: 'not-a-matter', code: digits }, staff)).body.error.code).toBe('MATTER_NOT_ALLOWED')
    expect((await desk('scan', { matterId: 'enrol-review', code: 'hello' }, staff)).body.error.code).toBe('CODE_UNREADABLE')
    expect((await desk('scan', { matterId: 'enrol-review', code: '' }, staff)).status).toBe(400)
    expect((await desk('form', { caseId: '../../etc' }, staff)).status).toBe(400)
    expect((await desk('form', { caseId: 'cc_doesnotexist123' }, staff)).body.error.code).toBe('CASE_NOT_FOUND')
    expect((await desk('bogus', {}, staff)).status).toBe(400)
    // The code was not spent by any of the refused scans.
    expect((await desk('scan', { matterId: 'enrol-review', code: digits }, staff)).status).toBe(200)
    expect(await ledgerSize()).toBe(before)
  })

  it('拒绝 on the phone: the counter is told, reads nothing, and the refusal is in her history', async () => {
    const mum = await phone(F14.mum)
    const { digits } = await mum.cok('code')
    const { caseId } = (await desk('scan', { matterId: 'household-settle', code: digits }, staff)).body.data
    expect((await mum.cok('answer', { caseId, decision: 'refuse' })).service.state).toBe('refused')
    expect((await desk('case', { caseId }, staff)).body.data.state).toBe('refused')
    expect((await desk('form', { caseId }, staff)).status).toBe(403)
  })

  it('an authorization not answered within 5 minutes expires: the phone can no longer confirm it', async () => {
    const mum = await phone(F14.mum)
    const { digits } = await mum.cok('code')
    const { caseId } = (await desk('scan', { matterId: 'household-settle', code: digits }, staff)).body.data
    advance(5 * 60_000)
    expect((await desk('case', { caseId }, staff)).body.data.state).toBe('expired')
    const fresh = await phone(F14.mum, true)
    expect((await fresh.cok('pending')).service).toBeNull()
    const late = await fresh.counter('answer', { caseId, decision: 'confirm' })
    expect(late.ok ? 'ok' : late.error.code).toBe('CASE_EXPIRED')
  })
})

describe('刷脸办: the counter’s QR code, the holder verifies by face (seed 004 §3(2))', () => {
  it('a one-time ticket: the first holder to verify opens the case; the counter sees the 免证清单; the phone confirms', async () => {
    const t = await desk('faceTicket', { matterId: 'enrol-review' }, staff)
    expect(t.status).toBe(200)
    expect(t.body.data.link).toMatch(/#\/consent\/service\/index\?ticket=tk_/)
    expect(t.body.data.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    const ticketId = t.body.data.ticketId
    expect((await desk('ticket', { ticketId }, staff)).body.data).toEqual({ state: 'waiting', opened: null })
    const mum = await phone(F14.mum, true)
    const dad = await phone(F14.dad, true)
    const [a, b] = await Promise.all([mum.counter('claimTicket', { ticketId }), dad.counter('claimTicket', { ticketId })])
    // Exactly one holder gets the counter.
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
    const winner = a.ok ? mum : dad
    const loser = a.ok ? b : a
    expect(loser.ok ? 'ok' : loser.error.code).toBe('TICKET_INVALID')
    const status = (await desk('ticket', { ticketId }, staff)).body.data
    expect(status.state).toBe('used')
    expect(status.opened.matterName).toBe('义务教育新生入学现场审核')
    // The winner reopening the link sees their own case again.
    const again = await winner.cok('claimTicket', { ticketId })
    expect(again.service.caseId).toBe(status.opened.caseId)
    expect((await winner.cok('answer', { caseId: again.service.caseId, decision: 'confirm' })).service.state).toBe('confirmed')
    expect((await desk('form', { caseId: again.service.caseId }, staff)).status).toBe(200)
  })

  it('needs a recent face check; an expired ticket, another counter’s ticket or a made-up one is refused', async () => {
    const t = (await desk('faceTicket', { matterId: 'household-settle' }, staff)).body.data
    advance(6 * 60_000)
    const mum = await phone(F14.mum)
    const stale = await mum.counter('claimTicket', { ticketId: t.ticketId })
    expect(stale.ok ? 'ok' : stale.error.code).toBe('VERIFICATION_REQUIRED')
    await mum.reverify()
    const expired = await mum.counter('claimTicket', { ticketId: t.ticketId })
    expect(expired.ok ? 'ok' : expired.error.code).toBe('TICKET_INVALID')
    expect((await desk('ticket', { ticketId: t.ticketId }, staff)).body.data.state).toBe('expired')
    const madeUp = await mum.counter('claimTicket', { ticketId: 'tk_madeupticket01' })
    expect(madeUp.ok ? 'ok' : madeUp.error.code).toBe('TICKET_INVALID')
    expect((await mum.counter('claimTicket', { ticketId: '../x' })).ok).toBe(false)
    expect((await desk('faceTicket', { matterId: 'not-a-matter' }, staff)).body.error.code).toBe('MATTER_NOT_ALLOWED')
  })
})

/** Pairs a 评价器 to the staff member's counter: the code shown at the workstation, typed on the device. */
async function pairKiosk(staffToken: string): Promise<{ credential: string; deviceNo: string }> {
  const code = await desk('pairCode', {}, staffToken)
  expect(code.status).toBe(200)
  const paired = await desk('pair', { code: code.body.data.code }, null)
  expect(paired.status).toBe(200)
  return paired.body.data
}

describe('读卡 and the 评价器: no phone needed (seed 004 §2(4), §3(3))', () => {
  let kiosk: { credential: string; deviceNo: string }
  beforeAll(async () => { kiosk = await pairKiosk(staff) })

  it('the card finds her space; she confirms on the counter’s own 评价器; the form fills; ledger and 档案袋 name the device and the staff member', async () => {
    const r = await desk('cardRead', { matterId: 'enrol-review', card: { name: '李婉婷', idNumber: F14.mum } }, staff)
    expect(r.status).toBe(200)
    expect(r.body.data.holderMasked).toBe('**婷')
    const shown = (await desk('kiosk', {}, kiosk.credential)).body.data
    expect(shown).toMatchObject({ deviceNo: kiosk.deviceNo, counterName: '惠州市实验小学·新生入学现场审核窗口（演示）' })
    const { service } = shown
    expect(service).toMatchObject({ caseId: r.body.data.caseId, state: 'awaiting', matterName: '义务教育新生入学现场审核' })
    // The card case is not pushed to her phone: she is at the counter without it.
    const mum = await phone(F14.mum)
    expect((await mum.cok('pending')).service).toBeNull()
    const fromPhone = await mum.counter('answer', { caseId: service.caseId, decision: 'confirm' })
    expect(fromPhone.ok ? 'ok' : fromPhone.error.code).toBe('CASE_NOT_FOUND')
    // The staff member's own session cannot stand in for her tap.
    const byStaff = await desk('kioskAnswer', { caseId: service.caseId, decision: 'confirm' }, staff)
    expect([byStaff.status, byStaff.body.error?.code]).toEqual([401, 'KIOSK_NOT_PAIRED'])
    expect((await desk('case', { caseId: service.caseId }, staff)).body.data.state).toBe('awaiting')
    const before = await ledgerSize()
    // The 评价器 shows the 授权说明 and sends its hash back: one it did not show is refused, nothing written.
    expect(service.notice.text).toContain('义务教育新生入学现场审核')
    const stale = await desk('kioskAnswer', { caseId: service.caseId, decision: 'confirm', notice: 'ab'.repeat(32) }, kiosk.credential)
    expect(stale.body.error?.code).toBe('NOTICE_CHANGED')
    expect(await ledgerSize()).toBe(before)
    expect((await desk('case', { caseId: service.caseId }, staff)).body.data.state).toBe('awaiting')
    const done = await desk('kioskAnswer', { caseId: service.caseId, decision: 'confirm', notice: service.notice.hash }, kiosk.credential)
    expect(done.body.data.service.state).toBe('confirmed')
    expect(await ledgerSize()).toBe(before + 1)
    // The grant on the ledger names the 评价器 and the staff member, by number and pseudonym only,
    // and the 授权说明 the 评价器 showed.
    const leaf = JSON.parse((await cloud().deps.consent.ledger.entry(before))!.leaf)
    expect(leaf).toMatchObject({ consent: `counter:${service.caseId}`, action: 'grant', notice: service.notice.hash })
    expect(leaf.via).toMatch(new RegExp(`^kiosk:${kiosk.deviceNo};staff:[0-9a-f]{32}$`))
    expect(JSON.stringify(leaf)).not.toMatch(/shiyan01|李|婉婷|441302/)
    expect((await desk('kiosk', {}, kiosk.credential)).body.data.service).toBeNull()
    const form = await desk('form', { caseId: service.caseId }, staff)
    expect(form.body.data.applicant.name).toBe('李婉婷')
    // Her 数字档案袋 says which 评价器 and which staff member.
    const history = await mum.ok('history', {})
    const entry = history.entries.find((e) => e.action === 'authorize' && (e.note ?? '').includes(kiosk.deviceNo))
    expect(entry?.note).toContain(`在窗口评价器 ${kiosk.deviceNo} 上，窗口工作人员李**`)
    expect(entry?.actor.operator).toBe('李**')
  })

  it('refuses a card whose holder has no space, a wrong name, a bad number; the 评价器 answers only card cases', async () => {
    const dadCard = await desk('cardRead', { matterId: 'enrol-review', card: { name: '何俊杰', idNumber: F14.dad } }, staff)
    expect(dadCard.status).toBe(200) // the father has logged in before: his space exists (his 免证清单 is empty)
    expect(dadCard.body.data.list.every((u: { held: boolean }) => !u.held)).toBe(true)
    const wrongName = await desk('cardRead', { matterId: 'enrol-review', card: { name: '张三', idNumber: F14.mum } }, staff)
    expect(wrongName.body.error.code).toBe('CARD_NOT_IN_SPACE')
    const neverLoggedIn = await desk('cardRead', { matterId: 'enrol-review', card: { name: '何沐阳', idNumber: F14.kid } }, staff)
    expect(neverLoggedIn.body.error.code).toBe('CARD_NOT_IN_SPACE')
    expect((await desk('cardRead', { matterId: 'enrol-review', card: { name: '李婉婷', idNumber: '441302198512241086' } }, staff)).body.error.code).toBe('ID_NUMBER_INVALID')
    // A 扫码 case cannot be confirmed from the counter's side.
    const mum = await phone(F14.mum)
    const { digits } = await mum.cok('code')
    const scanned = (await desk('scan', { matterId: 'enrol-review', code: digits }, staff)).body.data
    expect((await desk('kioskAnswer', { caseId: scanned.caseId, decision: 'confirm' }, kiosk.credential)).body.error.code).toBe('CASE_NOT_FOUND')
  })

  it('刷脸办: the counter’s QR code is pushed to its 评价器 while it waits, and gone once used', async () => {
    const t = (await desk('faceTicket', { matterId: 'enrol-review' }, staff)).body.data
    const shown = (await desk('kiosk', {}, kiosk.credential)).body.data
    expect(shown.face).toEqual({ ticketId: t.ticketId, qrDataUrl: t.qrDataUrl, expiresAt: t.expiresAt })
    const mum = await phone(F14.mum, true)
    await mum.cok('claimTicket', { ticketId: t.ticketId })
    expect((await desk('kiosk', {}, kiosk.credential)).body.data.face).toBeNull()
  })

  it('pairing: the code works once and for 5 minutes; 解除配对 refuses the device at once; devices are listed', async () => {
    const code = (await desk('pairCode', {}, staff)).body.data
    expect(code.code).toMatch(/^\d{8}$/)
    expect(code.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    const [a, b] = await Promise.all([desk('pair', { code: code.code }, null), desk('pair', { code: code.code }, null)])
    expect([a.status, b.status].sort()).toEqual([200, 400])
    const loser = a.status === 200 ? b : a
    expect(loser.body.error.code).toBe('KIOSK_PAIR_INVALID')
    const device = (a.status === 200 ? a : b).body.data
    expect(device.deviceNo).toMatch(/^PJQ-[0-9A-Z]{6}$/)
    // Only a hash of the credential is stored.
    const stored = await cloud().deps.counter.devices.listByCounter('hz-shiyan-review')
    expect(stored.find((d) => d.deviceNo === device.deviceNo)?.id).not.toBe(device.credential)
    expect(JSON.stringify(stored)).not.toContain(device.credential)
    const late = (await desk('pairCode', {}, staff)).body.data
    advance(5 * 60_000)
    expect((await desk('pair', { code: late.code }, null)).body.error.code).toBe('KIOSK_PAIR_INVALID')
    expect((await desk('pair', { code: '1234' }, null)).status).toBe(400)
    const list = (await desk('devices', {}, staff)).body.data.devices
    expect(list.find((d: { deviceNo: string }) => d.deviceNo === device.deviceNo)).toMatchObject({ state: 'paired', pairedBy: '李**' })
    expect((await desk('kiosk', {}, device.credential)).status).toBe(200)
    const off = await desk('unpair', { deviceNo: device.deviceNo }, staff)
    expect(off.body.data.device).toMatchObject({ deviceNo: device.deviceNo, state: 'revoked' })
    const after = await desk('kiosk', {}, device.credential)
    expect([after.status, after.body.error.code]).toEqual([401, 'KIOSK_NOT_PAIRED'])
    expect((await desk('unpair', { deviceNo: 'PJQ-ZZZZZZ' }, staff)).body.error.code).toBe('KIOSK_DEVICE_NOT_FOUND')
    // The other device of the counter still works.
    expect((await desk('kiosk', {}, kiosk.credential)).status).toBe(200)
  })
})

describe('部门侧: view, print, 预归档 (seed 004 §4)', () => {
  it('lists the materials, prints one as a watermarked PDF with only the matter’s fields, archives each by its hash; every read on the ledger', async () => {
    const mum = await phone(F14.mum, true)
    const { digits } = await mum.cok('code')
    const { caseId } = (await desk('scan', { matterId: 'enrol-review', code: digits }, staff)).body.data
    // Before she confirms: refused (and recorded).
    expect((await desk('materials', { caseId }, staff)).status).toBe(403)
    await mum.cok('answer', { caseId, decision: 'confirm' })
    const beforeView = await ledgerSize()
    const list = (await desk('materials', { caseId }, staff)).body.data
    expect(await ledgerSize()).toBe(beforeView + 1)
    expect(list.materials.map((m: { type: string }) => m.type)).toEqual(['id_card', 'household_register', 'birth_certificate'])
    expect(list.materials[0].summary).toMatch(/^\*\*婷 · 44\*+85$/)
    expect(list.archive).toBeNull()
    const before = await ledgerSize()
    const printed = await desk('print', { caseId, type: 'household_register' }, staff)
    expect(printed.status).toBe(200)
    const pdf = Buffer.from(printed.body.data.base64, 'base64')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    // Rendered by poppler: the matter's fields and a watermark naming counter, operator, matter and time.
    requirePoppler()
    savePng(pdf, 1, 'test-results/screenshots/counter-print-household-register.png')
    const text = pdfText(pdf).replace(/\s+/g, '')
    for (const line of ['居民户口簿', '户号', '户主姓名', '办理窗口：惠州市实验小学·新生入学现场审核窗口（演示）', '经办人：李**', '事项：义务教育新生入学现场审核', '仅限本事项办理使用']) {
      expect(text).toContain(line.replace(/\s+/g, ''))
    }
    expect(text).toMatch(/时间：\d{4}-\d{2}-\d{2}\d{2}:\d{2}/)
    expect(await ledgerSize()).toBe(before + 1)
    // Not in the case (she holds no property): refused.
    expect((await desk('print', { caseId, type: 'property' }, staff)).body.error.code).toBe('COUNTER_READ_REFUSED')
    const archived = (await desk('archive', { caseId }, staff)).body.data.archive
    expect(archived.materials.map((m: { sha256: string }) => m.sha256)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)])
    // Archiving again returns the same record; the form's data hashes to what was archived.
    expect((await desk('archive', { caseId }, staff)).body.data.archive).toEqual(archived)
    const form = (await desk('form', { caseId }, staff)).body.data
    const { materialHash } = await import('../../cloudfunctions/services/counter/department')
    expect(form.credentials.map((c: { type: string; fields: Array<{ key: string; value: string }> }) => materialHash(c.type, c.fields))).toEqual(archived.materials.map((m: { sha256: string }) => m.sha256))
    // After she ends it, nothing more can be printed.
    await mum.cok('end', { caseId })
    expect((await desk('print', { caseId, type: 'id_card' }, staff)).status).toBe(403)
  })
})

describe('委托代办: the holder delegates, the agent shows the delegator’s code (seed 004 §2(5), §3(4))', () => {
  it('the agent accepts; the counter scans the 委托人身份码; the holder confirms remotely; every step on the ledger', async () => {
    const mum = await phone(F14.mum, true)
    const dad = await phone(F14.dad, true)
    const before = await ledgerSize()
    // The form's 授权说明, built from the choices on the phone and again on the server: a stale one delegates nothing.
    const shown = delegationNoticeOf(matterById('enrol-review')!, 3, 'holder')
    const stale = await mum.counter('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 3, notice: delegationNoticeOf(matterById('enrol-review')!, 7, 'holder').hash })
    expect(stale.ok ? 'ok' : stale.error.code).toBe('NOTICE_CHANGED')
    expect(await ledgerSize()).toBe(before)
    expect((await mum.cok('delegations')).given).toEqual([])
    const { delegation } = await mum.cok('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 3, notice: shown.hash })
    expect(decodeLeaf((await cloud().deps.consent.ledger.entry(before))!.leaf)).toMatchObject({ consent: `delegation:${delegation.delegationId}`, action: 'grant', notice: shown.hash })
    expect((await cloud().deps.consent.notices.get(shown.hash))?.text).toBe(shown.text)
    expect(shown.text).not.toMatch(/何俊杰|\*\*杰|4413/)
    expect(delegation).toMatchObject({ agentMasked: '**杰', holderMasked: '**婷', state: 'offered', matterName: '义务教育新生入学现场审核' })
    // The agent sees it in their own mini-program (found by who they are) and accepts it.
    const received = (await dad.cok('delegations')).received
    expect(received.map((d) => d.delegationId)).toContain(delegation.delegationId)
    // Before accepting, no code can be shown for it.
    const early = await dad.counter('code', { delegationId: delegation.delegationId })
    expect(early.ok ? 'ok' : early.error.code).toBe('DELEGATION_NOT_FOUND')
    expect((await dad.cok('acceptDelegation', { delegationId: delegation.delegationId })).delegation.state).toBe('accepted')
    // The delegator's code, shown by the agent; scanned for the delegated matter only.
    const { digits } = await dad.cok('code', { delegationId: delegation.delegationId })
    expect((await desk('scan', { matterId: 'household-settle', code: digits }, staff)).body.error.code).toBe('MATTER_NOT_ALLOWED')
    const { digits: again } = await dad.cok('code', { delegationId: delegation.delegationId })
    const opened = (await desk('scan', { matterId: 'enrol-review', code: again }, staff)).body.data
    expect([opened.holderMasked, opened.agentMasked]).toEqual(['**婷', '**杰'])
    // The holder confirms remotely on her phone; the agent's phone has nothing to answer.
    expect((await dad.cok('pending')).service).toBeNull()
    const pending = (await mum.cok('pending')).service!
    expect(pending).toMatchObject({ caseId: opened.caseId, agentMasked: '**杰', mineToAnswer: true })
    const byAgent = await dad.counter('answer', { caseId: opened.caseId, decision: 'confirm' })
    expect(byAgent.ok ? 'ok' : byAgent.error.code).toBe('CASE_NOT_FOUND')
    await mum.cok('answer', { caseId: opened.caseId, decision: 'confirm' })
    const form = (await desk('form', { caseId: opened.caseId }, staff)).body.data
    // The form carries the delegator's data, not the agent's.
    expect(form.applicant).toEqual({ name: '李婉婷', idNumber: F14.mum })
    // create + accept + grant + the form (one read)
    expect(await ledgerSize()).toBe(before + 2 + 1 + 1)
  })

  it('where the delegation says so the agent confirms; the holder ends it and the agent can show no more codes', async () => {
    const mum = await phone(F14.mum, true)
    const dad = await phone(F14.dad, true)
    const { delegation } = await mum.cok('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'household-settle', confirmBy: 'agent', days: 1 })
    await dad.cok('acceptDelegation', { delegationId: delegation.delegationId })
    const { digits } = await dad.cok('code', { delegationId: delegation.delegationId })
    const opened = (await desk('scan', { matterId: 'household-settle', code: digits }, staff)).body.data
    // Not pushed to the holder: the agent answers this one.
    expect((await mum.cok('pending')).service?.caseId).not.toBe(opened.caseId)
    const forAgent = (await dad.cok('pending')).service!
    expect(forAgent).toMatchObject({ caseId: opened.caseId, holderMasked: '**婷', mineToAnswer: true })
    expect((await dad.cok('answer', { caseId: opened.caseId, decision: 'confirm' })).service.state).toBe('confirmed')
    // The holder sees every delegation and ends this one.
    const given = (await mum.cok('delegations')).given
    expect(given.find((d) => d.delegationId === delegation.delegationId)?.state).toBe('accepted')
    expect((await mum.cok('endDelegation', { delegationId: delegation.delegationId })).delegation.state).toBe('ended')
    const after = await dad.counter('code', { delegationId: delegation.delegationId })
    expect(after.ok ? 'ok' : after.error.code).toBe('DELEGATION_NOT_FOUND')
    // Only the holder can end it; a stranger cannot accept it; one cannot delegate to oneself.
    const notHers = await dad.counter('endDelegation', { delegationId: delegation.delegationId })
    expect(notHers.ok ? 'ok' : notHers.error.code).toBe('DELEGATION_NOT_FOUND')
    const self = await mum.counter('delegate', { agentName: '李婉婷', agentIdNumber: F14.mum, matterId: 'enrol-review', confirmBy: 'holder', days: 1 })
    expect(self.ok ? 'ok' : self.error.code).toBe('DELEGATION_SELF')
    const bad = await mum.counter('delegate', { agentName: '何俊杰', agentIdNumber: '441302198308010977', matterId: 'enrol-review', confirmBy: 'holder', days: 1 })
    expect(bad.ok ? 'ok' : bad.error.code).toBe('ID_NUMBER_INVALID')
    const tooLong = await mum.counter('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 30 })
    expect(tooLong.ok ? 'ok' : tooLong.error.code).toBe('BAD_REQUEST')
  })

  it('a delegation to someone else is invisible to a third person, who cannot accept it', async () => {
    const mum = await phone(F14.mum, true)
    const { delegation } = await mum.cok('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 1 })
    const stranger = await phone('441302198506120324', true)
    expect((await stranger.cok('delegations')).received).toEqual([])
    const r = await stranger.counter('acceptDelegation', { delegationId: delegation.delegationId })
    expect(r.ok ? 'ok' : r.error.code).toBe('DELEGATION_NOT_FOUND')
  })
})

describe('what the holder and the agent see', () => {
  it('我的授权 cards name the way in, the staff member, when, and the 评价器 (none paired yet); a refused one keeps what was asked', async () => {
    const mum = await phone(F14.mum, true)
    const { digits } = await mum.cok('code')
    const { caseId } = (await desk('scan', { matterId: 'household-settle', code: digits }, staff)).body.data
    await mum.cok('answer', { caseId, decision: 'refuse' })
    const card = (await mum.cok('mine')).services.find((s) => s.caseId === caseId)!
    expect(card).toMatchObject({ way: 'scan', operatorName: expect.stringMatching(/\S/), state: 'refused', agentMasked: null, deviceLabel: null, viewerIsAgent: false })
    expect(card.answeredAt).toEqual(expect.any(Number))
    // What was asked: every credential of the matter with its fields, held or not.
    expect(card.uses.map((u) => [u.title, u.fields.length > 0])).toEqual([['居民身份电子凭证', true], ['居民户口簿', true]])
  })

  it('去领取: a holder with nothing claimed claims while the counter waits, comes back to the same 服务授权 and can confirm it', async () => {
    const bare = await phone(F13.mum, true)
    const { digits } = await bare.cok('code')
    const opened = (await desk('scan', { matterId: 'household-settle', code: digits }, staff)).body.data
    const before = (await bare.cok('pending')).service!
    expect([before.caseId, before.uses.map((u) => u.held)]).toEqual([opened.caseId, [false, false]])
    await bare.ok('claim', { type: 'id_card' })
    const after = (await bare.cok('pending')).service!
    expect([after.caseId, after.uses.map((u) => u.held)]).toEqual([opened.caseId, [true, false]])
    expect((await bare.cok('answer', { caseId: opened.caseId, decision: 'confirm' })).service.state).toBe('confirmed')
    const form = (await desk('form', { caseId: opened.caseId }, staff)).body.data
    expect(form.credentials.map((c: { type: string }) => c.type)).toEqual(['id_card'])
  })

  it('the agent’s code page learns the scan (which counter, who confirms, the outcome); the counter sees the agent’s full name and last four digits', async () => {
    const mum = await phone(F14.mum, true)
    const dad = await phone(F14.dad, true)
    const { delegation } = await mum.cok('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 1 })
    await dad.cok('acceptDelegation', { delegationId: delegation.delegationId })
    // The holder's card shows the accepted state (not 待代办人接受).
    expect((await mum.cok('delegations')).given.find((d) => d.delegationId === delegation.delegationId)?.state).toBe('accepted')
    const code = await dad.cok('code', { delegationId: delegation.delegationId })
    expect(code.delegation).toMatchObject({ holderMasked: '**婷', confirmBy: 'holder' })
    expect((await dad.cok('pending', { codes: [code.digits] })).scanned).toBeNull()
    const opened = (await desk('scan', { matterId: 'enrol-review', code: code.digits }, staff)).body.data
    expect([opened.agent, opened.confirmBy]).toEqual([{ name: '何俊杰', idLast4: F14.dad.slice(-4) }, 'holder'])
    const seen = await dad.cok('pending', { codes: [code.digits] })
    expect(seen.service).toBeNull()
    expect(seen.scanned).toMatchObject({ caseId: opened.caseId, confirmBy: 'holder', state: 'awaiting', matterName: '义务教育新生入学现场审核', holderMasked: '**婷' })
    expect(seen.scanned!.counterName).toMatch(/窗口/)
    // Someone else naming the same digits learns nothing.
    const stranger = await phone('441302198506120324', true)
    expect((await stranger.cok('pending', { codes: [code.digits] })).scanned).toBeNull()
    await mum.cok('answer', { caseId: opened.caseId, decision: 'confirm' })
    expect((await dad.cok('pending', { codes: [code.digits] })).scanned?.state).toBe('confirmed')
    // Her own code scanned: no agent for the counter to check.
    const own = await mum.cok('code')
    expect((await desk('scan', { matterId: 'enrol-review', code: own.digits }, staff)).body.data.agent).toBeNull()
  })

  it('in agent-confirm mode the agent answers and is told so (viewerIsAgent)', async () => {
    const mum = await phone(F14.mum, true)
    const dad = await phone(F14.dad, true)
    const { delegation } = await mum.cok('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'household-settle', confirmBy: 'agent', days: 1 })
    await dad.cok('acceptDelegation', { delegationId: delegation.delegationId })
    const code = await dad.cok('code', { delegationId: delegation.delegationId })
    const opened = (await desk('scan', { matterId: 'household-settle', code: code.digits }, staff)).body.data
    const p = await dad.cok('pending', { codes: [code.digits] })
    expect(p.service).toMatchObject({ caseId: opened.caseId, mineToAnswer: true, viewerIsAgent: true })
    expect(p.scanned).toMatchObject({ confirmBy: 'agent', state: 'awaiting' })
    expect((await dad.cok('answer', { caseId: opened.caseId, decision: 'confirm' })).service.viewerIsAgent).toBe(true)
    // In her 我的授权: 委托代办, with the agent named (masked).
    expect((await mum.cok('mine')).services.find((s) => s.caseId === opened.caseId)).toMatchObject({ agentMasked: '**杰', way: 'scan', viewerIsAgent: false })
  })

  it('拒绝委托: only the named agent may decline; the holder sees it; on the ledger; no code after it', async () => {
    const mum = await phone(F14.mum, true)
    const dad = await phone(F14.dad, true)
    const stranger = await phone('441302198506120324', true)
    const { delegation } = await mum.cok('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 1 })
    const id = delegation.delegationId
    for (const who of [stranger, mum]) {
      const r = await who.counter('declineDelegation', { delegationId: id })
      expect(r.ok ? 'ok' : r.error.code).toBe('DELEGATION_NOT_FOUND')
    }
    const before = await ledgerSize()
    expect((await dad.cok('declineDelegation', { delegationId: id })).delegation.state).toBe('declined')
    expect(await ledgerSize()).toBe(before + 1)
    // Declining twice answers the same; accepting after it is refused; no 委托人身份码.
    expect((await dad.cok('declineDelegation', { delegationId: id })).delegation.state).toBe('declined')
    expect(await ledgerSize()).toBe(before + 1)
    const late = await dad.counter('acceptDelegation', { delegationId: id })
    expect(late.ok ? 'ok' : late.error.code).toBe('DELEGATION_NOT_FOUND')
    const code = await dad.counter('code', { delegationId: id })
    expect(code.ok ? 'ok' : code.error.code).toBe('DELEGATION_NOT_FOUND')
    expect((await mum.cok('delegations')).given.find((d) => d.delegationId === id)?.state).toBe('declined')
    const history = await mum.ok('history', {})
    expect(history.entries.some((e) => (e.note ?? '').includes('**杰已拒绝您的委托'))).toBe(true)
    // An accepted delegation can be declined too (the agent cannot go after all).
    const { delegation: second } = await mum.cok('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 1 })
    await dad.cok('acceptDelegation', { delegationId: second.delegationId })
    expect((await dad.cok('declineDelegation', { delegationId: second.delegationId })).delegation.state).toBe('declined')
  })
})
