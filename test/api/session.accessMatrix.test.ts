import { createHash } from 'node:crypto'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * Sessions and authorizations as access matrices: the same calls made with a
 * session in each state (stale face check, re-verified, replaced by a login on another device,
 * logged out, used from another WeChat account, made up, expired) and a business system reading
 * in each state of the grant (given, 注销, 重新授权, past its validity; wrong key, another system,
 * outside its allow-list). Every cell has its expected code; printed; fails on any cell that is
 * not exactly that (an allowed call that should be refused, or the other way round).
 */
const { client, fresh, biz, request, advance, cloud } = useConsentCloud()
type Reply = { ok: boolean; error?: { code: string }; data?: any }
const MIN = 60_000
const ALLOWED = 'ALLOWED'

let code: string
let optionId: string

/** Each call as (token, openid): the session's state is all that changes between rows. */
const calls: Record<string, { fresh: boolean; call: (token: string, openid: string | undefined) => Promise<Reply> }> = {}
const on = (fn: string, action: string, rest: () => Record<string, unknown> = () => ({})) => (token: string, openid: string | undefined) =>
  client.post(`/cloud/${fn}`, { action, sessionToken: token, ...rest() }, openid) as Promise<Reply>

it('each call with a session in each state: the expected code in every cell', async () => {
  code = (await biz('createRequest', request())).body.data.code
  const mum = await fresh(F14.mum)
  const held = new Map<string, string>()
  for (const type of ['id_card', 'household_register'] as const) {
    const r = await client.post('/cloud/space', { action: 'claim', sessionToken: mum.sessionToken, type }, mum.openid)
    held.set(type, r.data.claimed[0].credentialId)
  }
  const prop = (await mum.cok('open', { code })).request.parts.find((p) => p.key === 'property')!
  if (prop.eligibility.kind !== 'signable') throw new Error('the mother should be able to sign the property')
  optionId = prop.eligibility.options.find((o) => o.matches)!.optionId

  Object.assign(calls, {
    'auth.me': { fresh: false, call: on('auth', 'me') },
    'space.home': { fresh: false, call: on('space', 'home') },
    'space.history': { fresh: false, call: on('space', 'history') },
    'health.myDeclarants': { fresh: false, call: on('health', 'myDeclarants') },
    'consent.mine': { fresh: false, call: on('consent', 'mine') },
    'counter.mine': { fresh: false, call: on('counter', 'mine') },
    'auth.revealIdentity': { fresh: true, call: on('auth', 'revealIdentity') },
    'space.detail': { fresh: true, call: on('space', 'detail', () => ({ credentialId: held.get('id_card') })) },
    'space.download': { fresh: true, call: on('space', 'download', () => ({ credentialId: held.get('id_card'), purpose: '小学新生报名' })) },
    'consent.sign': { fresh: true, call: on('consent', 'sign', () => ({ code, agreed: true, parts: [{ part: 'property', optionId, fields: ['address'] }] })) },
    'counter.code (政务码)': { fresh: true, call: on('counter', 'code') },
  })

  const rows: string[] = []
  const wrong: string[] = []
  const row = async (state: string, token: string, openid: string | undefined, expect_: (name: string, needsFresh: boolean) => string) => {
    for (const [name, { fresh: needsFresh, call }] of Object.entries(calls)) {
      const r = await call(token, openid)
      const got = r.ok ? ALLOWED : r.error!.code
      const want = expect_(name, needsFresh)
      rows.push(`${state.padEnd(40)} ${name.padEnd(22)} ${r.ok ? 'ALLOWED' : `refused ${got}`}${got === want ? '' : `   ← expected ${want}`}`)
      if (got !== want) wrong.push(`${state} ${name}: ${got}, expected ${want}`)
    }
  }

  // The face check of the login is 6 minutes old (the window is 5): reads go on, sensitive calls ask again.
  advance(6 * MIN)
  await row('live, face check 6 min old', mum.sessionToken, mum.openid, (_n, f) => (f ? 'VERIFICATION_REQUIRED' : ALLOWED))
  await mum.reverify()
  await row('live, just re-verified', mum.sessionToken, mum.openid, () => ALLOWED)
  await row('live, used from another WeChat account', mum.sessionToken, 'openid-someone-else', () => 'FORBIDDEN')
  await row('live, no OPENID from the platform', mum.sessionToken, undefined, () => 'NOT_LOGGED_IN')
  // The same person logs in on another phone: the first phone's token is replaced (SPEC §1).
  const second = await client.login(mum.openid, F14.mum)
  await row('replaced (logged in on another phone)', mum.sessionToken, mum.openid, () => 'SESSION_REPLACED')
  const out = await client.post('/cloud/auth', { action: 'logout', sessionToken: second.sessionToken }, second.openid)
  expect(out).toMatchObject({ ok: true })
  await row('logged out', second.sessionToken, second.openid, () => 'NOT_LOGGED_IN')
  await row('a made-up token', 'x'.repeat(43), second.openid, () => 'NOT_LOGGED_IN')
  const third = await client.login(mum.openid, F14.mum)
  advance(72 * 60 * MIN)
  await row('expired (72 h after login)', third.sessionToken, third.openid, () => 'SESSION_EXPIRED')
  console.log(`access matrix (session states, ${rows.length} cells):\n${rows.join('\n')}`)
  expect(wrong).toEqual([])
}, 60_000)

it('a business system reading in each state of the grant: the expected answer in every cell', async () => {
  // The property the mother signed above (the request is still valid: 30 days).
  const key = cloud().demoBizKey
  await cloud().deps.consent.systems.ensure({
    id: 'narrow', name: '只读户籍系统', purpose: '测试', allowList: { household_register: ['address'] },
    keyHash: createHash('sha256').update('n'.repeat(32)).digest('hex'), createdAt: 1,
  })
  const keys: Record<string, string | null> = {
    'the asking system': key,
    'its id, a wrong secret': `${key.split('.')[0]}.${'x'.repeat(43)}`,
    'another system': `other-system.${key.split('.')[1]}`,
    'a system outside the allow-list': `narrow.${'n'.repeat(32)}`,
    'no key': null,
  }
  type Cell = { read: string; form: string; status: string }
  const look = async (k: string | null): Promise<Cell> => {
    const read = await biz('read', { code, part: 'property', fields: ['address'] }, k)
    const form = await biz('form', { code }, k)
    const status = await biz('status', { code }, k)
    return {
      read: read.status === 200 ? ALLOWED : `${read.status} ${read.body.error?.code}`,
      form: form.status !== 200 ? `${form.status} ${form.body.error?.code}` : form.body.data.values.property ? ALLOWED : 'withheld',
      status: status.status === 200 ? ALLOWED : `${status.status} ${status.body.error?.code}`,
    }
  }
  const rows: string[] = []
  const wrong: string[] = []
  const row = async (state: string, k: string | null, want: Cell) => {
    const got = await look(k)
    for (const col of ['read', 'form', 'status'] as const) {
      rows.push(`${state.padEnd(48)} biz.${col.padEnd(7)} ${got[col]}${got[col] === want[col] ? '' : `   ← expected ${want[col]}`}`)
      if (got[col] !== want[col]) wrong.push(`${state} ${col}: ${got[col]}, expected ${want[col]}`)
    }
  }
  const refused = (why: string): Cell => ({ read: why, form: why, status: why })
  await row('granted / the asking system', keys['the asking system'], { read: ALLOWED, form: ALLOWED, status: ALLOWED })
  for (const name of ['its id, a wrong secret', 'another system', 'no key'] as const) await row(`granted / ${name}`, keys[name], refused('401 BIZ_UNAUTHORIZED'))
  // A system that may not ask for property at all learns nothing of another system's request.
  await row('granted / a system outside the allow-list', keys['a system outside the allow-list'], refused('400 REQUEST_NOT_FOUND'))

  const mum = await fresh(F14.mum)
  const consentId = (await mum.cok('mine')).consents.find((c) => c.part === 'property' && c.state === 'active')!.consentId
  await mum.cok('revoke', { consentId })
  await row('after 注销 / the asking system', key, { read: '403 BIZ_READ_REFUSED', form: 'withheld', status: ALLOWED })
  await mum.cok('reauthorize', { consentId, agreed: true })
  await row('after 重新授权 / the asking system', key, { read: ALLOWED, form: ALLOWED, status: ALLOWED })
  advance(31 * 24 * 60 * MIN)
  await row('past the validity (31 days) / the asking system', key, { read: '403 BIZ_READ_REFUSED', form: 'withheld', status: ALLOWED })
  console.log(`access matrix (authorization states × business-system reads, ${rows.length} cells):\n${rows.join('\n')}`)
  expect(wrong).toEqual([])
}, 60_000)
