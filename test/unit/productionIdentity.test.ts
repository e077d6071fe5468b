/**
 * Production identity: every deployed function takes the caller from the OPENID the
 * platform injects (node-sdk's context) and never from the event or a header; the HTTP entries
 * of business systems and counters authenticate only by their own key. The deployed `main`s run
 * here on a mocked node-sdk whose database is the in-memory DocDb.
 */
import { randomBytes } from 'node:crypto'
import { FakeDocDb } from '../contract/fakeDocDb'

const db = new FakeDocDb()
jest.mock('@cloudbase/node-sdk', () => ({
  SYMBOL_CURRENT_ENV: Symbol('current'),
  init: () => ({
    database: () => db,
    auth: () => ({ getUserInfo: () => ({ openId: '' }) }),
    uploadFile: async () => ({ fileID: 'f' }),
    getTempFileURL: async () => ({ fileList: [] }),
  }),
  // The invocation context carries the caller (WX_OPENID) and what triggered the call (TRIGGER_SRC,
  // 'timer' for a timer trigger); a plain object stands in for it here.
  getCloudbaseContext: (context?: { WX_OPENID?: string; TRIGGER_SRC?: string }) => ({ WX_OPENID: context?.WX_OPENID, TRIGGER_SRC: context?.TRIGGER_SRC }),
}))

const key = () => randomBytes(32).toString('base64')
Object.assign(process.env, {
  FIELD_KEY: key(), HASH_KEY: key(), WX_APPID: 'wx-test', WX_SECRET: 'secret', HEALTH_INVITE_KEY: key(), HEALTH_REMIND_TEMPLATE_ID: 'tpl',
  LEDGER_SIGNING_KEY: key(), REGISTRY_FIXTURE: require('node:path').resolve(__dirname, '../../fixtures/registry.json'),
})
// The ledgerAudit function gets the public key only.
process.env.LEDGER_PUBLIC_KEY = Buffer.from(publicKeyOf(new Uint8Array(Buffer.from(process.env.LEDGER_SIGNING_KEY!, 'base64')))).toString('hex')

import { createCloudBaseStores, CONSENT_COLLECTIONS } from '../../cloudfunctions/adapters/cloudbase'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { createFieldCipher } from '../../cloudfunctions/adapters/crypto/fieldCipher'
import { sessionIdOf } from '../../cloudfunctions/services/sessionId'

type Main = (event: unknown, context: unknown) => Promise<any>
const mains: Record<string, Main> = {
  auth: require('../../cloudfunctions/functions/auth/index').main,
  space: require('../../cloudfunctions/functions/space/index').main,
  health: require('../../cloudfunctions/functions/health/index').main,
  consent: require('../../cloudfunctions/functions/consent/index').main,
  counter: require('../../cloudfunctions/functions/counter/index').main,
}
/** One action per function that acts for the session's person. */
const READS: Record<string, object> = {
  auth: { action: 'me' },
  space: { action: 'home' },
  health: { action: 'home' },
  consent: { action: 'mine' },
  counter: { action: 'mine' },
}

const VICTIM = 'openid-victim'
const ATTACKER = 'openid-attacker'
const token = randomBytes(32).toString('base64url')
/** Every place a forged identity could hide in an event or a header. */
const forged = { openid: VICTIM, OPENID: VICTIM, _openid: VICTIM, userInfo: { openId: VICTIM }, headers: { 'x-wx-openid': VICTIM }, WX_OPENID: VICTIM }

beforeAll(async () => {
  // The victim's live session, written as the deployed auth function would.
  const stores = createCloudBaseStores(db)
  const cipher = createFieldCipher({ fieldKey: Buffer.from(process.env.FIELD_KEY!, 'base64'), hashKey: Buffer.from(process.env.HASH_KEY!, 'base64') })
  const now = Date.now()
  const identity = await stores.identities.ensure({
    id: cipher.keyedHash('441302198506120324'), nameCipher: cipher.encrypt('陈美玲'), idNumberCipher: cipher.encrypt('441302198506120324'),
    currentSessionId: null, createdAt: now, updatedAt: now,
  })
  await stores.sessions.create({ id: sessionIdOf(token), openid: VICTIM, identityId: identity.id, createdAt: now, verifiedAt: now, lastSeenAt: now, endedAt: null })
  await stores.identities.setCurrentSession(identity.id, sessionIdOf(token), now)
})

describe.each(Object.keys(mains))('deployed %s: the caller is the injected OPENID only', (name) => {
  const event = { ...READS[name], sessionToken: token }

  it('the victim, calling from their own WeChat, is served (so the refusals below are real)', async () => {
    expect(await mains[name](event, { WX_OPENID: VICTIM })).toMatchObject({ ok: true })
  })

  it('someone else holding the victim’s token and naming the victim in the event is refused', async () => {
    const r = await mains[name]({ ...event, ...forged }, { WX_OPENID: ATTACKER })
    expect(r.ok).toBe(false)
    expect(['FORBIDDEN', 'NOT_LOGGED_IN']).toContain(r.error.code)
  })

  it('with no injected OPENID (an HTTP call, a forged event), nothing is served', async () => {
    const r = await mains[name]({ ...event, ...forged }, {})
    expect(r.ok === true).toBe(false)
  })
})

describe('the HTTP entries authenticate only by their own key', () => {
  it.each([
    ['consent', '/biz/status', { code: 'ABCDEFGH' }],
    ['counter', '/counter/api/me', {}],
  ])('%s: an HTTP call with a WeChat identity (context, header or body) and no key gets 401', async (name, path, body) => {
    const http = { httpMethod: 'POST', path, headers: { 'x-wx-openid': VICTIM, 'content-type': 'application/json' }, body: JSON.stringify({ ...body, ...forged }) }
    const r = await mains[name](http, { WX_OPENID: VICTIM })
    expect(r.statusCode).toBe(401)
    expect(JSON.parse(r.body)).toMatchObject({ ok: false })
  })
})

describe('deployed ledgerAudit: only its timer runs it, whatever the event says', () => {
  const ledgerAudit: Main = require('../../cloudfunctions/functions/ledgerAudit/index').main
  const timerEvent = { Type: 'Timer', TriggerName: 'ledgerAuditHourly', Time: '2026-12-05T03:17:00Z', Message: '' }
  const auditDoc = () => db.collections.get(CONSENT_COLLECTIONS.ledgerHead)?.get('audit')
  let quiet: jest.SpyInstance[]
  beforeEach(() => { quiet = (['log', 'warn', 'error'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => {})) })
  afterEach(() => quiet.forEach((q) => q.mockRestore()))

  it.each<[string, unknown, object]>([
    ['the victim from their WeChat, sending the timer’s event', { ...timerEvent, ...forged }, { WX_OPENID: VICTIM }],
    ['a WeChat caller even where the platform also says timer (a stale environment)', timerEvent, { WX_OPENID: ATTACKER, TRIGGER_SRC: 'timer' }],
    ['a WeChat user whose call claims the timer in the event', { ...timerEvent, TRIGGER_SRC: 'timer', sessionToken: token }, { WX_OPENID: ATTACKER }],
    ['no injected caller and no injected timer, the event claiming both', { ...timerEvent, TRIGGER_SRC: 'timer', environment: JSON.stringify({ TRIGGER_SRC: 'timer' }) }, {}],
    ['an HTTP access call', { httpMethod: 'POST', path: '/audit', headers: { 'x-wx-openid': VICTIM }, body: JSON.stringify(timerEvent) }, {}],
  ])('%s: FORBIDDEN, and ledger_head/audit is not touched', async (_name, event, context) => {
    const before = JSON.stringify(auditDoc() ?? null)
    expect(await ledgerAudit(event, context)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(JSON.stringify(auditDoc() ?? null)).toBe(before)
  })

  it('the timer (TRIGGER_SRC timer injected, no caller): one audit run, its state in ledger_head/audit', async () => {
    const r = await ledgerAudit(timerEvent, { TRIGGER_SRC: 'timer' })
    expect(r).toMatchObject({ ok: true, data: { ran: true, saved: true, ok: true, done: true } })
    expect(auditDoc()).toMatchObject({ ok: true, done: true, entries: r.data.entries })
  })
})
