import fc from 'fast-check'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * Bad input at the new counter endpoints: whatever arrives, the reply is the clear error
 * envelope (a stable code, a Chinese message, a next step), never a 5xx, a stack trace or a path,
 * and nothing is written (the ledger and the counter's cases are unchanged).
 */
const { as, cloud, client } = useConsentCloud()

const ACTIONS = ['signIn', 'signOut', 'me', 'pairCode', 'devices', 'unpair', 'pair', 'scan', 'case', 'form', 'faceTicket', 'ticket', 'cardRead', 'kiosk', 'kioskAnswer', 'materials', 'print', 'archive', 'bogus']
const PHONE_ACTIONS = ['code', 'pending', 'answer', 'mine', 'end', 'claimTicket', 'delegate', 'delegations', 'acceptDelegation', 'endDelegation', 'declineDelegation', 'nope']

/** Values that have broken parsers elsewhere: wrong types, huge strings, deep nesting, prototype keys. */
const nasty = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 200 }),
  fc.constant('x'.repeat(10_000)),
  fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}')),
  fc.constant(Array.from({ length: 200 }).reduce((o: unknown) => ({ o }), {})),
  fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER * 4), fc.constant(null), fc.constant([]),
)
const event = (actions: string[]) =>
  fc.record({
    action: fc.oneof(fc.constantFrom(...actions), nasty),
    caseId: nasty, code: nasty, matterId: nasty, ticketId: nasty, card: nasty, type: nasty, decision: nasty,
    operatorId: nasty, password: nasty, codes: nasty, delegationId: nasty, agentName: nasty, agentIdNumber: nasty, days: nasty, confirmBy: nasty,
    deviceNo: nasty,
  }, { requiredKeys: [] })

let staff: string
const written = async () => ({
  ledger: await cloud().deps.consent.ledger.size(),
  cases: (await cloud().deps.counter.cases.listByCounter('hz-shiyan-review', 1000)).length,
})

beforeAll(async () => {
  const r = await fetch(`${cloud().url}/counter/api/signIn`, { method: 'POST', body: JSON.stringify(cloud().demoCounter) })
  staff = ((await r.json()) as { data: { token: string } }).data.token
})

function expectEnvelope(status: number, body: any): void {
  expect(status).toBeLessThan(500)
  expect(body).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String), hint: expect.any(String) } })
  const text = JSON.stringify(body)
  expect(text).not.toMatch(/at .+\(|\/work\/|node_modules|\.ts:\d+/)
}

it('the workstation API answers any malformed body with the error envelope and writes nothing', async () => {
  const before = await written()
  await fc.assert(
    fc.asyncProperty(event(ACTIONS), fc.boolean(), async (e, signedIn) => {
      const body = JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ?? '{}'
      const action = typeof e.action === 'string' ? encodeURIComponent(e.action).slice(0, 40) || 'x' : 'x'
      const res = await fetch(`${cloud().url}/counter/api/${action}`, { method: 'POST', headers: signedIn ? { authorization: `Bearer ${staff}` } : {}, body: body.slice(0, 60_000) })
      const out = await res.json()
      // A well-formed call that reads, makes a pairing code or signs out may succeed (none touches
      // the ledger or the cases); anything else is an envelope.
      if (out.ok) return expect(['me', 'devices', 'pairCode', 'signOut']).toContain(action)
      expectEnvelope(res.status, out)
    }),
    { numRuns: 150 },
  )
  expect(await written()).toEqual(before)
}, 30_000)

it('the phone’s counter function answers any malformed event with the error envelope and writes nothing', async () => {
  const mum = await as(F14.mum)
  const before = await written()
  await fc.assert(
    fc.asyncProperty(event(PHONE_ACTIONS), async (e) => {
      const out = await client.post('/cloud/counter', { ...(e as object), sessionToken: mum.sessionToken }, mum.openid)
      // Calls with nothing wrong in them may succeed: the read-only ones, and a new 政务码 (its
      // own document only; the ledger and the cases are checked below).
      if (out.ok) return expect(['mine', 'delegations', 'pending', 'code']).toContain(e.action)
      expectEnvelope(200, out)
    }),
    { numRuns: 150 },
  )
  expect(await written()).toEqual(before)
}, 30_000)

it('non-JSON, invalid UTF-8 and 1 MB bodies are refused the same way', async () => {
  for (const raw of ['{', 'null', '[]', Buffer.from([0xff, 0xfe, 0x00, 0x7b]), JSON.stringify({ code: 'x'.repeat(1_000_000) })]) {
    const res = await fetch(`${cloud().url}/counter/api/scan`, { method: 'POST', headers: { authorization: `Bearer ${staff}` }, body: raw })
    expectEnvelope(res.status, await res.json())
  }
})
