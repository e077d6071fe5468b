import { verifyRecord } from '../../cloudfunctions/domain/ledger/verifyRecord'
import type { ConsentStores } from '../../cloudfunctions/ports/consentStores'
import { F14, useConsentCloud } from './consent.helpers'

/**
 * Signing and revoking when a store step fails halfway: a part is never left pointing at
 * a consent that does not exist, and a revocation never stays missing from the ledger.
 */
const { fresh, biz, request, cloud, advance } = useConsentCloud()
const stores = (): ConsentStores => cloud().deps.consent
const PROPERTY = [{ part: 'property', fields: ['address'] }]

/** Replaces one store method for the duration of `run`, then puts the real one back. */
async function breaking<S extends keyof ConsentStores, M extends keyof ConsentStores[S]>(store: S, method: M, fake: ConsentStores[S][M], run: () => Promise<void>) {
  const target = stores()[store]
  const real = target[method]
  target[method] = fake
  try {
    await run()
  } finally {
    target[method] = real
  }
}

/** A new request each time: the one before is let expire first (an open one would be returned again). */
async function newCode() {
  advance(31 * 24 * 3_600_000)
  const r = await biz('createRequest', request())
  if (r.status !== 200) throw new Error(JSON.stringify(r.body))
  return r.body.data.code as string
}
const partStatus = async (code: string) => (await biz('status', { code })).body.data.parts.find((p: { part: string }) => p.part === 'property').status
/** The grants and revocations the ledger holds for one consent, in log order (reads left out). */
const leavesOf = async (consentId: string) => {
  const out: string[] = []
  for (let i = 0; i < (await stores().ledger.size()); i++) {
    const leaf = JSON.parse((await stores().ledger.entry(i))!.leaf)
    if (leaf.consent === consentId && leaf.action !== 'read' && leaf.action !== 'read_refused') out.push(leaf.action)
  }
  return out
}

describe('signing is all or nothing', () => {
  it('a refused claim on the request withdraws the new consent; the part stays pending and can be signed again', async () => {
    const code = await newCode()
    const mum = await fresh(F14.mum)
    await breaking('requests', 'replace', async () => false, async () => {
      expect(await mum.consent('sign', { code, agreed: true, parts: PROPERTY })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    })
    expect(await partStatus(code)).toBe('pending')
    const [withdrawn] = (await mum.cok('mine')).consents.filter((c) => c.code === code)
    expect(withdrawn).toMatchObject({ state: 'revoked', canReauthorize: false })
    expect(await leavesOf(withdrawn.consentId)).toEqual(['grant', 'revoke'])
    expect((await biz('read', { code, part: 'property' })).status).toBe(403)

    const signed = await mum.cok('sign', { code, agreed: true, parts: PROPERTY })
    expect(signed.consentIds[0]).not.toBe(withdrawn.consentId)
    expect(await partStatus(code)).toBe('signed')
    expect((await biz('read', { code, part: 'property' })).body.data.values).toEqual({ address: expect.stringContaining('金山湖花园') })
  })

  it('a failed consent write leaves the part pending (not signed to a missing consent); signing again works', async () => {
    const code = await newCode()
    const mum = await fresh(F14.mum)
    const before = (await mum.cok('mine')).consents.length
    await breaking('consents', 'create', async () => { throw new Error('store down') }, async () => {
      expect(await mum.consent('sign', { code, agreed: true, parts: PROPERTY })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    })
    expect(await partStatus(code)).toBe('pending')
    expect((await mum.cok('mine')).consents).toHaveLength(before)

    const signed = await mum.cok('sign', { code, agreed: true, parts: PROPERTY })
    expect(signed.request.parts[1]).toMatchObject({ status: 'signed', signedByMe: true })
    const mine = await mum.cok('mine')
    expect(mine.consents.find((c) => c.consentId === signed.consentIds[0])).toMatchObject({ state: 'active' })
    expect((await biz('read', { code, part: 'property' })).status).toBe(200)
  })
})

describe('revocation always reaches the ledger', () => {
  it('a failed ledger append is finished by the next 注销, not answered with CONSENT_REVOKED', async () => {
    const code = await newCode()
    const mum = await fresh(F14.mum)
    const [consentId] = (await mum.cok('sign', { code, agreed: true, parts: PROPERTY })).consentIds
    await breaking('ledger', 'enqueue', async () => { throw new Error('ledger down') }, async () => {
      expect(await mum.consent('revoke', { consentId })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    })
    // Already refused to the business system, but not yet in the ledger nor on the request.
    expect((await stores().consents.get(consentId))).toMatchObject({ state: 'revoked', revokeIndex: null })
    expect((await biz('read', { code, part: 'property' })).status).toBe(403)
    expect(await leavesOf(consentId)).toEqual(['grant'])
    const stale = await mum.cok('proof', { consentId })
    expect(verifyRecord(stale.bundle, { consentId, revoked: true }, null)).toEqual({ ok: false, reason: 'revoke-missing' })

    const done = await mum.cok('revoke', { consentId })
    expect(done.consent).toMatchObject({ state: 'revoked', canReauthorize: true })
    expect(await leavesOf(consentId)).toEqual(['grant', 'revoke'])
    expect((await stores().consents.get(consentId))!.revokeIndex).toEqual(expect.any(Number))
    expect(await partStatus(code)).toBe('revoked')
    expect(verifyRecord((await mum.cok('proof', { consentId })).bundle, { consentId, revoked: true }, null).ok).toBe(true)
    expect(await mum.consent('revoke', { consentId })).toMatchObject({ ok: false, error: { code: 'CONSENT_REVOKED' } })
    expect(await leavesOf(consentId)).toEqual(['grant', 'revoke'])
  })

  it('a failed request update is finished by the next 注销 too', async () => {
    const code = await newCode()
    const mum = await fresh(F14.mum)
    const [consentId] = (await mum.cok('sign', { code, agreed: true, parts: PROPERTY })).consentIds
    await breaking('requests', 'replace', async () => false, async () => {
      expect(await mum.consent('revoke', { consentId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    })
    expect(await partStatus(code)).toBe('signed')
    expect((await mum.cok('revoke', { consentId })).consent).toMatchObject({ state: 'revoked', canReauthorize: true })
    expect(await partStatus(code)).toBe('revoked')
    expect(await leavesOf(consentId)).toEqual(['grant', 'revoke'])
  })
})
