import fc from 'fast-check'
import { AuthEvent } from '../../types/auth'
import { ConsentEvent, BizEvent } from '../../types/consent'
import { CounterEvent } from '../../types/counter'
import { HealthEvent } from '../../types/health'
import { SpaceEvent } from '../../types/space'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * Bad input for every function and action: generated malformed events (wrong
 * types, long strings, deep nesting, prototype keys, unknown actions, numbers past the safe range)
 * for every action each function declares, with and without a live session. Every reply is the
 * clear error envelope, never a 5xx, a stack trace or a path, and no table gains or loses a row.
 */
const { fresh, cloud, client } = useConsentCloud()

type Union = { options: ReadonlyArray<{ shape: Record<string, { isOptional(): boolean }> & { action: { value: string } } }> }
const actionsOf = (schema: Union) => schema.options.map((o) => o.shape.action.value)
/** Actions that need nothing but the session (home, mine, a new 政务码 …): a generated event may be a valid call of theirs. */
const bare = (schema: Union) =>
  new Set(schema.options.filter((o) => Object.entries(o.shape).every(([k, v]) => k === 'action' || k === 'sessionToken' || (v as { isOptional(): boolean }).isOptional())).map((o) => o.shape.action.value))
const SCHEMAS: Record<string, Union> = {
  auth: AuthEvent as never, space: SpaceEvent as never, health: HealthEvent as never, consent: ConsentEvent as never, counter: CounterEvent as never,
}
const FUNCTIONS: Record<string, string[]> = {
  auth: actionsOf(AuthEvent as never),
  space: actionsOf(SpaceEvent as never),
  health: actionsOf(HealthEvent as never),
  consent: actionsOf(ConsentEvent as never),
  counter: actionsOf(CounterEvent as never),
}

const nasty = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 60 }),
  fc.constant('x'.repeat(5_000)),
  fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}')),
  fc.constant(Array.from({ length: 150 }).reduce((o: unknown) => ({ o }), {})),
  fc.integer(), fc.constant(2 ** 60), fc.constant(-1), fc.constant(null), fc.constant([]), fc.constant(true),
)
const FIELDS = ['sessionToken', 'code', 'caseId', 'orgId', 'declarantId', 'day', 'form', 'ticket', 'join', 'type', 'credentialId', 'purpose', 'fields', 'parts', 'consentId', 'agreed', 'verifyId', 'name', 'idNumber', 'method', 'purposeOf', 'range', 'jobId', 'offset', 'limit', 'filter', 'delegationId', 'codes']

/** Rows per table, leaving out what a legitimate call may write (sessions touched, access logs of reads). */
const rows = () => {
  const all = cloud().rowCounts()
  // A valid bare call may write these: a read's access log, a verification started, a new 政务码.
  for (const t of ['access_events', 'verifications', 'counter_codes']) delete all[t]
  return all
}

function expectEnvelope(status: number, body: any): void {
  expect(status).toBeLessThan(500)
  expect(body).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String), hint: expect.any(String) } })
  expect(JSON.stringify(body)).not.toMatch(/at .+\(|\/work\/|node_modules|\.ts:\d+/)
}

describe.each(Object.keys(FUNCTIONS))('%s: every action, malformed', (name) => {
  it('answers the error envelope and writes nothing, with or without a session', async () => {
    const person = await fresh(F14.mum)
    const before = rows()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...FUNCTIONS[name]), nasty),
        fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 6 }),
        fc.boolean(),
        async (action, fields, withSession) => {
          // With a session: the real token, so each action's own checks run behind the login.
          const event = { ...fields, action, ...(withSession ? { sessionToken: person.sessionToken } : {}) }
          const res = await fetch(`${cloud().url}/cloud/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(withSession ? { 'x-wx-openid': person.openid } : {}) },
            body: JSON.stringify(event),
          })
          const out = await res.json()
          if (out.ok) {
            if (typeof action === 'string' && bare(SCHEMAS[name]).has(action)) return
            throw new Error(`${name}.${String(action)} accepted a generated event: ${JSON.stringify(event).slice(0, 200)}`)
          }
          expectEnvelope(res.status, out)
        },
      ),
      { numRuns: 120 },
    )
    expect(rows()).toEqual(before)
  }, 60_000)
})

it('the business-system API, malformed, with its key: the envelope, nothing written', async () => {
  const before = rows()
  const actions = actionsOf(BizEvent as never)
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.constantFrom(...actions), nasty), fc.dictionary(fc.constantFrom('code', 'applicationType', 'studentName', 'studentIdNumber', 'parentName', 'parentIdNumber', 'phone', 'evidence', 'fields', 'part'), nasty, { maxKeys: 6 }), async (action, fields) => {
      const path = typeof action === 'string' ? encodeURIComponent(action).slice(0, 40) || 'x' : 'x'
      const res = await fetch(`${cloud().url}/biz/${path}`, { method: 'POST', headers: { authorization: `Bearer ${cloud().demoBizKey}` }, body: JSON.stringify(fields) })
      const out = await res.json()
      if (out.ok) throw new Error(`biz.${path} accepted a generated event`)
      expectEnvelope(res.status, out)
    }),
    { numRuns: 120 },
  )
  expect(rows()).toEqual(before)
}, 60_000)

it('raw bodies no JSON parser should accept, to every function: the envelope, nothing written; slowest reply printed', async () => {
  const person = await fresh(F14.mum)
  const before = rows()
  const bodies: Array<[string, string | Blob]> = [
    ['truncated JSON', '{"action":'],
    ['not JSON', 'action=home&sessionToken=x'],
    ['JSON null', 'null'],
    ['JSON array', '[{"action":"home"}]'],
    ['invalid UTF-8', new Blob([Buffer.from('{"action":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])],
    ['1 MB string', JSON.stringify({ action: 'home', sessionToken: person.sessionToken, name: 'x'.repeat(1_000_000) })],
    ['number past 2^1024', `{"action":"home","limit":1${'0'.repeat(400)}}`],
    ['empty', ''],
  ]
  const slowest: Record<string, number> = {}
  for (const name of Object.keys(FUNCTIONS)) {
    for (const [what, body] of bodies) {
      const started = performance.now()
      const res = await fetch(`${cloud().url}/cloud/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': person.openid }, body })
      const out = await res.json()
      slowest[name] = Math.max(slowest[name] ?? 0, performance.now() - started)
      // A 1 MB string is refused as too large before it is parsed; nothing here is a call.
      if (out.ok) throw new Error(`${name} accepted ${what}`)
      expectEnvelope(res.status, out)
    }
  }
  console.log(`bad raw bodies, slowest reply per function (ms): ${Object.entries(slowest).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`)
  expect(rows()).toEqual(before)
}, 60_000)
