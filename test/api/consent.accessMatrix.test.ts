import { F14, useConsentCloud } from './consent.helpers'

/**
 * Access matrix of the enrolment authorization (consent part): the mother (owner of
 * the flat at the register address), the father (household head, no property there), another
 * family's mother, and the under-14 student × open, sign the property, revoke the mother's consent,
 * its proof and receipt, re-authorize. Printed; fails on any call allowed that should be refused, or refused
 * that should be allowed.
 */
const { fresh, biz, request } = useConsentCloud()
type Reply = { ok: boolean; error?: { code: string }; data?: any }

it('who may open, sign, revoke, prove and re-authorize: nothing allowed that should be refused', async () => {
  const code = (await biz('createRequest', request())).body.data.code as string
  const mum = await fresh(F14.mum)
  const dad = await fresh(F14.dad)
  const stranger = await fresh('441302198506120324')
  const kid = await fresh(F14.kid)
  // The mother signs the property (the case the others try to reach).
  const open = await mum.cok('open', { code })
  const prop = open.request.parts.find((p) => p.key === 'property')!
  if (prop.eligibility.kind !== 'signable') throw new Error('the mother should be able to sign the property')
  const optionId = prop.eligibility.options.find((o) => o.matches)!.optionId
  const signAs = (p: typeof mum) => p.consent('sign', { code, agreed: true, parts: [{ part: 'property', optionId, fields: ['address'] }] }) as Promise<Reply>
  const signed = await signAs(mum)
  expect(signed.ok).toBe(true)
  const consentId = (signed as { data: { consentIds: string[] } }).data.consentIds[0]

  const roles: Array<[string, typeof mum, Record<string, boolean>]> = [
    ['another family’s mother', stranger, { open: false, sign: false, proof: false, receipt: false, revoke: false }],
    // The student may see their own request (it tells them a guardian signs) but sign nothing.
    ['the student (under 14)', kid, { open: true, sign: false, proof: false, receipt: false, revoke: false }],
    ['the father (household head)', dad, { open: true, sign: false, proof: false, receipt: false, revoke: false }],
    ['the mother (owner)', mum, { open: true, sign: false, proof: true, receipt: true, revoke: true }], // sign: already signed
  ]
  const rows: string[] = []
  const wrong: string[] = []
  for (const [role, p, expected] of roles) {
    const calls: Record<string, () => Promise<Reply>> = {
      open: () => p.consent('open', { code }) as Promise<Reply>,
      sign: () => signAs(p),
      proof: () => p.consent('proof', { consentId }) as Promise<Reply>,
      receipt: () => p.consent('receipt', { consentId }) as Promise<Reply>,
      revoke: () => p.consent('revoke', { consentId }) as Promise<Reply>,
    }
    for (const [action, call] of Object.entries(calls)) {
      const r = await call()
      rows.push(`${role.padEnd(28)} consent.${action.padEnd(8)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
      if (r.ok !== expected[action]) wrong.push(`${role} ${action}: ${r.ok ? 'allowed' : r.error?.code}`)
    }
  }
  // Re-authorizing the revoked consent: only its signer.
  for (const [role, p, allowed] of [['the father (household head)', dad, false], ['another family’s mother', stranger, false], ['the mother (owner)', mum, true]] as const) {
    const r = (await p.consent('reauthorize', { consentId, agreed: true })) as Reply
    rows.push(`${role.padEnd(28)} consent.reauthorize ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
    if (r.ok !== allowed) wrong.push(`${role} reauthorize: ${r.ok ? 'allowed' : r.error?.code}`)
  }
  // A business system other than the one that asked reads nothing of this request.
  const other = await biz('status', { code }, `other-system.${'y'.repeat(32)}`)
  rows.push(`${'another business system'.padEnd(28)} biz.status        ${other.status === 200 ? 'ALLOWED' : `refused ${other.status}`}`)
  if (other.status === 200) wrong.push('another business system read the status')
  console.log(`access matrix (enrolment authorization):\n${rows.join('\n')}`)
  expect(wrong).toEqual([])
}, 30_000)
