import { createHash } from 'node:crypto'
import { CounterResults, type CounterAction, type CounterData } from '../../types/counter'
import { verifyRecord } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { decodeLeaf } from '../../cloudfunctions/domain/ledger/leaf'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * The counter's 服务授权 proven on the phone (我的授权 · 窗口办理): the holder's own case only, a
 * bundle the device's verifier accepts with the witness keys, the grant leaf naming the stored 授权说明.
 */
const { fresh, cloud, client } = useConsentCloud()

type Reply<A extends CounterAction> = { ok: true; data: CounterData[A] } | { ok: false; error: { code: string } }

async function phone(idNumber: string) {
  const p = await fresh(idNumber)
  const counter = async <A extends CounterAction>(action: A, rest: Record<string, unknown> = {}): Promise<Reply<A>> =>
    CounterResults[action].parse(await client.post('/cloud/counter', { action, sessionToken: p.sessionToken, ...rest }, p.openid)) as Reply<A>
  const cok = async <A extends CounterAction>(action: A, rest: Record<string, unknown> = {}): Promise<CounterData[A]> => {
    const r = await counter(action, rest)
    if (!r.ok) throw new Error(`${action} failed: ${r.error.code}`)
    return r.data
  }
  return { ...p, counter, cok }
}

async function desk(action: string, body: Record<string, unknown>, token: string | null): Promise<any> {
  const res = await fetch(`${cloud().url}/counter/api/${action}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: JSON.stringify(body) })
  return res.json()
}

const witnessPolicy = () => ({ keys: cloud().deps.ledgerWitnesses!.witnesses.map((w) => ({ name: w.name, publicKey: w.publicKey })), quorum: 1 })

/** The mother's code scanned at the demo counter and confirmed with the 授权说明 her page showed. */
async function confirmedCase() {
  const mum = await phone(F14.mum)
  for (const type of ['id_card', 'household_register']) await mum.ok('claim', { type })
  const staff = (await desk('signIn', cloud().demoCounter, null)).data.token as string
  const { digits } = await mum.cok('code')
  const { caseId } = (await desk('scan', { matterId: 'enrol-review', code: digits }, staff)).data as { caseId: string }
  const shown = (await mum.cok('pending')).service!.notice
  await mum.cok('answer', { caseId, decision: 'confirm', notice: shown.hash })
  return { mum, staff, caseId, shown }
}

it('the holder gets a bundle the device accepts (signed, witnessed, the grant first), and the grant leaf names the kept 授权说明', async () => {
  const { mum, staff, caseId, shown } = await confirmedCase()
  // A read at the desk appends a `read` leaf of the same consent id: the grant is still what is proven.
  expect((await desk('form', { caseId }, staff)).ok).toBe(true)
  const p = await mum.cok('proof', { caseId })
  expect(p.caseId).toBe(caseId)
  const v = verifyRecord(p.bundle, { consentId: `counter:${caseId}`, revoked: false }, null, undefined, witnessPolicy())
  expect(v).toMatchObject({ ok: true, witnessed: [{ name: witnessPolicy().keys[0].name }] })
  if (!v.ok) return
  expect(v.grantNotice).toBe(shown.hash)
  expect(p.notice).toEqual({ hash: shown.hash, text: shown.text })
  expect(createHash('sha256').update(p.notice!.text, 'utf8').digest('hex')).toBe(decodeLeaf(p.bundle.records[0].leaf)!.notice)
  // Another case's proof is not this one's: the verifier refuses it for the wrong consent id.
  expect(verifyRecord(p.bundle, { consentId: 'counter:cs_other', revoked: false }, null, undefined, witnessPolicy())).toMatchObject({ ok: false })
  // The next proof extends what the device saw.
  const again = await mum.cok('proof', { caseId, knownSize: v.seen.size })
  expect(verifyRecord(again.bundle, { consentId: `counter:${caseId}`, revoked: false }, v.seen, undefined, witnessPolicy())).toMatchObject({ ok: true })
  // A case confirmed before the notice hash was kept on it: the text the grant leaf names, not 未找到.
  const stored = (await cloud().deps.counter.cases.get(caseId))!
  expect(await cloud().deps.counter.cases.replace({ ...stored, noticeHash: null, version: stored.version + 1 }, stored.version)).toBe(true)
  expect((await mum.cok('proof', { caseId })).notice).toEqual({ hash: shown.hash, text: shown.text })
})

it('the agent, another person and staff are refused like a missing case, and nothing is written', async () => {
  const { caseId } = await confirmedCase()
  const dad = await phone(F14.dad)
  const stranger = await phone('441302198506120324')
  const size = await cloud().deps.consent.ledger.size()
  const kept = await cloud().deps.consent.ledger.lastCheckpoint()
  for (const p of [dad, stranger]) {
    const r = await p.counter('proof', { caseId })
    expect(r.ok ? 'ok' : r.error.code).toBe('CASE_NOT_FOUND')
  }
  const missing = await dad.counter('proof', { caseId: caseId.slice(0, -1) + (caseId.endsWith('a') ? 'b' : 'a') })
  expect(missing.ok ? 'ok' : missing.error.code).toBe('CASE_NOT_FOUND')
  // Staff have no such action at the desk API.
  const staff = (await desk('signIn', cloud().demoCounter, null)).data.token as string
  expect((await desk('proof', { caseId }, staff)).ok).toBe(false)
  expect(await cloud().deps.consent.ledger.size()).toBe(size)
  expect(await cloud().deps.consent.ledger.lastCheckpoint()).toEqual(kept)
})

it('a refused case has no grant to prove; an ended one verifies as revoked', async () => {
  const { mum, staff, caseId } = await confirmedCase()
  const refusedId = (await desk('scan', { matterId: 'enrol-review', code: (await mum.cok('code')).digits }, staff)).data.caseId as string
  await mum.cok('answer', { caseId: refusedId, decision: 'refuse' })
  const none = await mum.counter('proof', { caseId: refusedId })
  expect(none.ok ? 'ok' : none.error.code).toBe('CASE_NOT_FOUND')

  await mum.cok('end', { caseId })
  const p = await mum.cok('proof', { caseId })
  expect(p.bundle.records.map((r) => decodeLeaf(r.leaf)!.action)).toEqual(['grant', 'revoke'])
  expect(verifyRecord(p.bundle, { consentId: `counter:${caseId}`, revoked: true }, null, undefined, witnessPolicy())).toMatchObject({ ok: true })
})
