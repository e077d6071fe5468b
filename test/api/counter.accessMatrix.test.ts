import { passwordHash } from '../../cloudfunctions/services/counter/desk'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * Access matrix of counter use (the counter part): every role × every resource and
 * action of a live case and a delegation. Printed; the test fails on any allowed call that should
 * have been refused (and on any refused call that should have been allowed, so the matrix is real).
 */
const { fresh, cloud, client, advance } = useConsentCloud()
type Reply = { ok: boolean; error?: { code: string } }

async function desk(action: string, body: Record<string, unknown>, token: string | null): Promise<Reply & { data?: any }> {
  const res = await fetch(`${cloud().url}/counter/api/${action}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: JSON.stringify(body) })
  return res.json()
}
const phoneCall = (p: { sessionToken: string; openid: string }) => async (action: string, rest: Record<string, unknown> = {}): Promise<Reply & { data?: any }> =>
  client.post('/cloud/counter', { action, sessionToken: p.sessionToken, ...rest }, p.openid)

it('who may do what with a live counter case and a delegation: nothing allowed that should be refused', async () => {
  // The case: the mother's code scanned at the demo counter (enrolment review), confirmed.
  const mum = await fresh(F14.mum)
  for (const type of ['id_card', 'household_register']) await mum.ok('claim', { type })
  const mumC = phoneCall(mum)
  const staff = (await desk('signIn', cloud().demoCounter, null)).data.token as string
  const { digits } = (await mumC('code')).data
  const { caseId } = (await desk('scan', { matterId: 'enrol-review', code: digits }, staff)).data
  await mumC('answer', { caseId, decision: 'confirm' })
  // A delegation from the mother to the father, accepted.
  const dad = await fresh(F14.dad)
  const dadC = phoneCall(dad)
  const { delegation } = (await mumC('delegate', { agentName: '何俊杰', agentIdNumber: F14.dad, matterId: 'enrol-review', confirmBy: 'holder', days: 1 })).data
  await dadC('acceptDelegation', { delegationId: delegation.delegationId })

  // The other roles.
  const stranger = phoneCall(await fresh('441302198506120324')) // another family's mother
  await cloud().deps.counter.counters.ensure({ id: 'other-counter', name: '户籍窗口（另一个窗口）', matterIds: ['household-settle'], createdAt: 1 })
  await cloud().deps.counter.operators.ensure({ id: 'other01', counterId: 'other-counter', name: '王**', passwordHash: passwordHash('other-counter-pass'), createdAt: 1 })
  const otherDesk = (await desk('signIn', { operatorId: 'other01', password: 'other-counter-pass' }, null)).data.token as string

  const deskActions: Array<[string, Record<string, unknown>]> = [
    ['case', { caseId }], ['form', { caseId }], ['materials', { caseId }], ['print', { caseId, type: 'id_card' }], ['archive', { caseId }],
  ]
  const phoneActions: Array<[string, Record<string, unknown>]> = [
    // proof: the record of the holder's own grant, for the phone to verify (before `end`, which moves it).
    ['answer', { caseId, decision: 'refuse' }], ['proof', { caseId }], ['end', { caseId }],
    ['endDelegation', { delegationId: delegation.delegationId }], ['code', { delegationId: delegation.delegationId }],
    // Last: the agent's decline ends the delegation for everyone's rows after it.
    ['declineDelegation', { delegationId: delegation.delegationId }],
  ]
  // Expected: true = allowed. `answer` after the confirm is refused for everyone (CASE_ANSWERED), so it is left to the others' rows.
  const deskRoles: Array<[string, string | null, boolean]> = [['this counter', staff, true], ['another counter (other matter)', otherDesk, false], ['no staff session', null, false], ['a made-up token', 'x'.repeat(43), false]]
  const phoneRoles: Array<[string, (a: string, r?: Record<string, unknown>) => Promise<Reply>, Record<string, boolean>]> = [
    ['the holder', mumC, { answer: false, proof: true, end: true, endDelegation: true, code: false, declineDelegation: false }],
    ['the agent (father)', dadC, { answer: false, proof: false, end: false, endDelegation: false, code: true, declineDelegation: true }],
    ['a stranger (other family)', stranger, { answer: false, proof: false, end: false, endDelegation: false, code: false, declineDelegation: false }],
  ]

  const rows: string[] = []
  const wrong: string[] = []
  for (const [role, token, allowed] of deskRoles) {
    // `end` of the case last: the holder ends it below, after the desk rows.
    for (const [action, body] of deskActions) {
      const r = await desk(action, body, token)
      rows.push(`${role.padEnd(32)} desk.${action.padEnd(14)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
      if (r.ok !== allowed) wrong.push(`${role} desk.${action}: ${r.ok ? 'allowed' : r.error?.code}`)
    }
  }
  // Phone rows, the holder's destructive ones last.
  for (const [role, call, expect_] of [...phoneRoles].reverse()) {
    for (const [action, body] of phoneActions) {
      const r = await call(action, body)
      rows.push(`${role.padEnd(32)} phone.${action.padEnd(13)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
      if (r.ok !== expect_[action]) wrong.push(`${role} phone.${action}: ${r.ok ? 'allowed' : r.error?.code}`)
      // Refused like a missing one: a stranger (or the holder) learns nothing about someone else's delegation.
      // Someone else's case answers like a missing one, as the other holder actions do.
      if (action === 'proof' && !r.ok && r.error?.code !== 'CASE_NOT_FOUND') wrong.push(`${role} phone.${action}: ${r.error?.code}, not CASE_NOT_FOUND`)
      if (action === 'declineDelegation' && !r.ok && r.error?.code !== 'DELEGATION_NOT_FOUND') wrong.push(`${role} phone.${action}: ${r.error?.code}, not DELEGATION_NOT_FOUND`)
    }
  }
  // After the holder ended the case, even this counter reads nothing.
  for (const [action, body] of deskActions.slice(1)) {
    const r = await desk(action, body, staff)
    rows.push(`${'this counter, after 结束授权'.padEnd(32)} desk.${action.padEnd(14)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
    if (r.ok && action !== 'archive') wrong.push(`this counter after end desk.${action}: allowed`)
  }
  console.log(`access matrix (counter use):\n${rows.join('\n')}`)
  expect(wrong).toEqual([])
}, 30_000)

it('who may act as the 评价器 and as staff: only a paired device of this counter on kiosk actions, only a live staff session on staff actions', async () => {
  const signIn = async () => (await desk('signIn', cloud().demoCounter, null)).data.token as string
  // An idle session: signed in, then 31 minutes without a call (everyone else signs in after).
  const idle = await signIn()
  advance(31 * 60_000)
  const staff = await signIn()
  const pairTo = async (token: string) => (await desk('pair', { code: (await desk('pairCode', {}, token)).data.code }, null)).data as { credential: string; deviceNo: string }
  const device = await pairTo(staff)
  await cloud().deps.counter.counters.ensure({ id: 'kiosk-other', name: '户籍窗口（另一个窗口）', matterIds: ['enrol-review'], createdAt: 1 })
  await cloud().deps.counter.operators.ensure({ id: 'other02', counterId: 'kiosk-other', name: '赵**', passwordHash: passwordHash('other-kiosk-pass'), createdAt: 1 })
  const otherStaff = (await desk('signIn', { operatorId: 'other02', password: 'other-kiosk-pass' }, null)).data.token as string
  const otherDevice = await pairTo(otherStaff)
  const revoked = await pairTo(staff)
  await desk('unpair', { deviceNo: revoked.deviceNo }, staff)
  const signedOut = await signIn()
  await desk('signOut', {}, signedOut)
  // A card case waiting at this counter, one per role that might confirm it.
  await fresh(F14.mum)
  const cardCase = async () => (await desk('cardRead', { matterId: 'enrol-review', card: { name: '李婉婷', idNumber: F14.mum } }, staff)).data.caseId as string

  const roles: Array<[string, string | null, { kiosk: boolean; staff: boolean }]> = [
    ['this counter’s paired 评价器', device.credential, { kiosk: true, staff: false }],
    ['another counter’s 评价器', otherDevice.credential, { kiosk: false, staff: false }],
    ['a 评价器 after 解除配对', revoked.credential, { kiosk: false, staff: false }],
    ['this counter’s staff session', staff, { kiosk: false, staff: true }],
    ['a signed-out staff token (退出)', signedOut, { kiosk: false, staff: false }],
    ['an idle staff token (31 min)', idle, { kiosk: false, staff: false }],
    ['no credential', null, { kiosk: false, staff: false }],
  ]
  const rows: string[] = []
  const wrong: string[] = []
  for (const [role, token, allowed] of roles) {
    const caseId = await cardCase()
    const kioskActions: Array<[string, Record<string, unknown>]> = [['kiosk', {}], ['kioskAnswer', { caseId, decision: 'confirm' }]]
    const staffActions: Array<[string, Record<string, unknown>]> = [['me', {}], ['case', { caseId }], ['form', { caseId }], ['devices', {}], ['pairCode', {}], ['cardRead', { matterId: 'enrol-review', card: { name: '李婉婷', idNumber: F14.mum } }]]
    for (const [kind, actions] of [['kiosk', kioskActions], ['staff', staffActions]] as const) {
      for (const [action, body] of actions) {
        const r = await desk(action, body, token)
        // `form` of an unanswered case is refused for everyone (COUNTER_READ_REFUSED): what counts is who got past the door.
        // Another counter's 评价器 may poll, but only its own counter: this card case must not show on it.
        const passed = action === 'kiosk' ? r.ok && r.data.service?.caseId === caseId : r.ok || (action === 'form' && r.error?.code === 'COUNTER_READ_REFUSED')
        const shown = action === 'kiosk' && r.ok ? (r.data.service?.caseId === caseId ? ' (shows this case)' : ' (its own counter only: not this case)') : ''
        rows.push(`${role.padEnd(30)} ${kind}.${action.padEnd(12)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}${shown}`)
        if (passed !== allowed[kind]) wrong.push(`${role} ${kind}.${action}: ${r.ok ? 'allowed' : r.error?.code}`)
      }
    }
    // A confirmation by anyone but the paired device leaves the case waiting.
    const state = (await desk('case', { caseId }, staff)).data.state
    const confirmed = state === 'confirmed' || state === 'refused'
    if (confirmed !== allowed.kiosk) wrong.push(`${role}: the card case is ${state}`)
  }
  console.log(`access matrix (评价器 and staff sessions):\n${rows.join('\n')}`)
  expect(wrong).toEqual([])
}, 60_000)
