import { fieldSetHash } from '../../cloudfunctions/domain/ledger/leaf'
import { makeCounterWorld, STORE_KINDS, type CounterWorld, type PersonKey } from './counterWorld'

/**
 * Over SQLite and the CloudBase adapter: a delegation's end and expiry hold
 * at the last step, and every read of a holder's data is exactly one ledger entry and one 档案袋
 * item naming the counter, the staff member, the device and the way in.
 */
const HOUR = 3_600_000
// Worlds are quick (~50 ms) but the race rounds take seconds on a busy 2-core machine.
jest.setTimeout(30_000)

describe.each(STORE_KINDS)('counter reads over %s', (kind) => {
  let w: CounterWorld
  beforeEach(async () => {
    w = await makeCounterWorld(kind)
  })
  afterEach(() => w.close())

  const ok = async (who: PersonKey, action: string, rest: Record<string, unknown> = {}) => {
    const r = await w.holder(who, action, rest)
    if (!r.ok) throw new Error(`${action}: ${r.error.code}`)
    return r.data
  }

  /** mum delegates household-settle to 叶思琪, who accepts; returns the delegation id. */
  async function delegation(confirmBy: 'holder' | 'agent', days = 3) {
    await w.reverify('mum')
    const { delegation: d } = await ok('mum', 'delegate', { agentName: w.people.sq.name, agentIdNumber: w.people.sq.idNumber, matterId: 'household-settle', confirmBy, days })
    await ok('sq', 'acceptDelegation', { delegationId: d.delegationId })
    return d.delegationId as string
  }

  /** The agent shows the delegator's code; counter A scans it. */
  async function scanAsAgent(delegationId: string) {
    // Staff sign in afresh: the clock may have jumped past the last session's 30 idle minutes.
    await w.openStaffSession('A')
    await w.reverify('sq')
    const code = await ok('sq', 'code', { delegationId })
    const r = await w.desk('A', 'scan', { matterId: 'household-settle', code: code.qr })
    expect(r.status).toBe(200)
    return r.body.data.caseId as string
  }

  describe('a delegation’s end and expiry hold at the last step (item 3)', () => {
    it('ended while the case waits: the agent’s confirm is refused, the case closes, the counter reads why', async () => {
      const id = await delegation('agent')
      const caseId = await scanAsAgent(id)
      await ok('mum', 'endDelegation', { delegationId: id })
      const answer = await w.holder('sq', 'answer', { caseId, decision: 'confirm' })
      expect(answer.ok ? 'ok' : answer.error.code).toBe('DELEGATION_ENDED')
      const status = await w.desk('A', 'case', { caseId })
      expect(status.body.data).toMatchObject({ state: 'ended', reason: '委托已结束' })
      const form = await w.desk('A', 'form', { caseId })
      expect([form.status, form.body.error.code]).toEqual([403, 'DELEGATION_ENDED'])
      expect(form.body.error.message).toBe('委托已结束')
    })

    it('ended after the confirm: the running case closes and every read is refused', async () => {
      const id = await delegation('agent')
      const caseId = await scanAsAgent(id)
      await ok('sq', 'answer', { caseId, decision: 'confirm' })
      expect((await w.desk('A', 'form', { caseId })).status).toBe(200)
      await ok('mum', 'endDelegation', { delegationId: id })
      for (const [action, rest] of [['form', {}], ['materials', {}], ['print', { type: 'household_register' }], ['archive', {}]] as const) {
        const r = await w.desk('A', action, { caseId, ...rest })
        expect([action, r.status, r.body.error?.code]).toEqual([action, 403, 'DELEGATION_ENDED'])
      }
      expect((await w.desk('A', 'case', { caseId })).body.data).toMatchObject({ state: 'ended', reason: '委托已结束' })
      // The holder's list says so too.
      const mine = await ok('mum', 'mine')
      expect(mine.services.find((s: { caseId: string }) => s.caseId === caseId)?.state).toBe('ended')
    })

    it('the holder confirming remotely after the end is refused too', async () => {
      const id = await delegation('holder')
      const caseId = await scanAsAgent(id)
      await ok('mum', 'endDelegation', { delegationId: id })
      await w.reverify('mum')
      const answer = await w.holder('mum', 'answer', { caseId, decision: 'confirm' })
      expect(answer.ok ? 'ok' : answer.error.code).toBe('DELEGATION_ENDED')
    })

    it('expired under a running grant: reads refused with 委托已过期, though the grant itself has time left', async () => {
      const id = await delegation('agent', 1)
      w.advance(23.5 * HOUR)
      const caseId = await scanAsAgent(id)
      await ok('sq', 'answer', { caseId, decision: 'confirm' })
      expect((await w.desk('A', 'form', { caseId })).status).toBe(200)
      // The grant (1 hour for this matter) runs 20 more minutes than the delegation.
      w.advance(40 * 60_000)
      await w.openStaffSession('A') // 40 idle minutes ended the last one
      const form = await w.desk('A', 'form', { caseId })
      expect([form.status, form.body.error.code, form.body.error.message]).toEqual([403, 'DELEGATION_EXPIRED', '委托已过期'])
      expect((await w.desk('A', 'case', { caseId })).body.data).toMatchObject({ state: 'expired', reason: '委托已过期' })
    })

    it('the agent’s confirm racing the holder’s end: whoever wins, the case ends closed and unreadable', async () => {
      for (let round = 0; round < 6; round++) {
        const id = await delegation('agent')
        const caseId = await scanAsAgent(id)
        const [answer] = await Promise.all([w.holder('sq', 'answer', { caseId, decision: 'confirm' }), ok('mum', 'endDelegation', { delegationId: id })])
        expect(answer.ok ? 'ok' : answer.error.code).toMatch(/^(ok|DELEGATION_ENDED|CASE_ANSWERED)$/)
        expect((await w.desk('A', 'case', { caseId })).body.data).toMatchObject({ state: 'ended', reason: '委托已结束' })
        expect((await w.deps.counter.cases.get(caseId))!.state).toBe('ended')
        expect((await w.desk('A', 'form', { caseId })).body.error.code).toBe('DELEGATION_ENDED')
      }
    })

    it('a confirm landing between the end’s listing and its close: the close retries and the case still ends', async () => {
      const id = await delegation('agent')
      const caseId = await scanAsAgent(id)
      // The agent's confirm read the delegation while it was live; its compare-and-set lands just after the end listed the cases.
      const cases = w.deps.counter.cases
      const list = cases.listByAgent.bind(cases)
      cases.listByAgent = async (agentId, limit) => {
        const listed = await list(agentId, limit)
        const c = (await cases.get(caseId))!
        expect(await cases.replace({ ...c, state: 'confirmed', answeredAt: w.now(), grantExpiresAt: w.now() + HOUR, version: c.version + 1 }, c.version)).toBe(true)
        return listed
      }
      const size = await w.ledgerSize()
      await ok('mum', 'endDelegation', { delegationId: id })
      expect((await cases.get(caseId))!.state).toBe('ended')
      // The delegation's revoke and the running grant's.
      expect((await w.ledgerSince(size)).map((e) => [e.action, e.consent])).toEqual([['revoke', `delegation:${id}`], ['revoke', `counter:${caseId}`]])
      expect((await w.desk('A', 'form', { caseId })).body.error.code).toBe('DELEGATION_ENDED')
    })

    it('expired while the case waits: the answer is refused with 委托已过期', async () => {
      const id = await delegation('agent', 1)
      w.advance(24 * HOUR - 60_000)
      const caseId = await scanAsAgent(id)
      expect((await ok('sq', 'pending')).service?.caseId).toBe(caseId)
      w.advance(2 * 60_000)
      // Nothing left to confirm on the agent's phone.
      expect((await ok('sq', 'pending')).service).toBeNull()
      await w.reverify('sq')
      const answer = await w.holder('sq', 'answer', { caseId, decision: 'confirm' })
      expect(answer.ok ? 'ok' : answer.error.code).toBe('DELEGATION_EXPIRED')
    })
  })

  describe('every read is one ledger entry and one 档案袋 item (item 4)', () => {
    /** mum at counter A by 政务码, confirmed; returns the case id. */
    async function confirmedScan(who: PersonKey = 'mum', matterId = 'enrol-review') {
      await w.reverify(who)
      const code = await ok(who, 'code')
      const caseId = (await w.desk('A', 'scan', { matterId, code: code.digits })).body.data.caseId
      await ok(who, 'answer', { caseId, decision: 'confirm' })
      return caseId as string
    }

    it.each([
      ['form', {}],
      ['materials', {}],
      ['print', { type: 'household_register' }],
      ['archive', {}],
    ] as const)('%s: one ledger read and one 档案袋 item naming counter, staff member and way in', async (action, rest) => {
      const caseId = await confirmedScan()
      const size = await w.ledgerSize()
      const items = (await w.history(w.people.mum.identityId)).length
      const r = await w.desk('A', action, { caseId, ...rest })
      expect(r.status).toBe(200)
      const entries = await w.ledgerSince(size)
      expect(entries.map((e) => [e.consent, e.action])).toEqual([[`counter:${caseId}`, 'read']])
      const history = await w.history(w.people.mum.identityId)
      expect(history.length).toBe(items + 1)
      const item = history[0]
      expect([item.action, item.actorKind, item.actorLabel, item.operator]).toEqual(['read', 'business_system', '模型测试窗口甲', '甲**'])
      expect(w.deps.cipher.decrypt(item.noteCipher!)).toContain('扫码')
      // The 档案袋 names the same fields the ledger entry hashes.
      expect(fieldSetHash(item.fields)).toBe(entries[0].fields)
    })

    it('the form names the identity it hands over; without an ID card in the authorization it hands none', async () => {
      const caseId = await confirmedScan()
      const size = await w.ledgerSize()
      const form = (await w.desk('A', 'form', { caseId })).body.data
      expect(form.applicant).toEqual({ name: w.people.mum.name, idNumber: w.people.mum.idNumber })
      const [item] = await w.history(w.people.mum.identityId)
      expect(item.fields).toEqual(expect.arrayContaining(['id_card.name', 'id_card.idNumber']))
      expect(await w.ledgerSize()).toBe(size + 1)

      // 叶思琪 holds only her 户口簿: her form carries no name or ID number.
      const hers = await confirmedScan('sq', 'household-settle')
      const r = (await w.desk('A', 'form', { caseId: hers })).body.data
      expect(r.applicant).toBeNull()
      expect(JSON.stringify(r)).not.toContain(w.people.sq.idNumber)
      const [own] = await w.history(w.people.sq.identityId)
      expect(own.fields.some((f) => f.startsWith('id_card.'))).toBe(false)
    })

    it('a card case read names the 评价器 and 读卡', async () => {
      const opened = await w.desk('A', 'cardRead', { matterId: 'enrol-review', card: { name: w.people.mum.name, idNumber: w.people.mum.idNumber } })
      const caseId = opened.body.data.caseId
      const kiosk = await w.pairKiosk('A')
      expect((await w.kioskAs(kiosk, 'kioskAnswer', { caseId, decision: 'confirm' })).status).toBe(200)
      expect((await w.desk('A', 'materials', { caseId })).status).toBe(200)
      const [item] = await w.history(w.people.mum.identityId)
      const note = w.deps.cipher.decrypt(item.noteCipher!)
      expect(note).toContain('读卡')
      expect(note).toContain('评价器')
      // 我的授权 names the device she answered on, as the workstation lists it.
      const { devices } = (await w.desk('A', 'devices')).body.data
      const mine = (await ok('mum', 'mine')).services.find((s: { caseId: string }) => s.caseId === caseId)
      expect(mine.deviceLabel).toBe(devices[devices.length - 1].deviceNo)
      expect(note).toContain(mine.deviceLabel)
    })

    it('an agent’s case read names 委托代办', async () => {
      const id = await delegation('agent')
      const caseId = await scanAsAgent(id)
      await ok('sq', 'answer', { caseId, decision: 'confirm' })
      expect((await w.desk('A', 'materials', { caseId })).status).toBe(200)
      const [item] = await w.history(w.people.mum.identityId)
      expect(w.deps.cipher.decrypt(item.noteCipher!)).toContain('委托代办')
    })
  })
})
