import { F01, useSpaceCloud } from '../helpers/spaceCloud'
import type { Caller } from '../helpers/spaceCloud'

/**
 * Access matrix of the personal digital space (space part): the mother of family F01
 * (the holder: her birth certificate of the child, her link to the child, the child's credentials
 * she claimed, her error report, her 数字档案袋) against the child's father, the grandfather who
 * heads their household, another family's mother, the child herself (under 14) and no session.
 * A cell is ALLOWED when the call succeeds AND hands over the holder's thing (for the lists, when
 * the holder's item is in the answer). Printed; fails on any cell allowed that should be refused
 * and on any refused that should be allowed.
 */
const { client, as, certOf } = useSpaceCloud()
type Reply = { ok: boolean; error?: { code: string }; data?: any }

it('who may see or use what of a parent’s space: nothing allowed that should be refused', async () => {
  // The holder's things.
  const mother = await as(F01.mother)
  const cert = await certOf(mother)
  const link = await mother.ok('linkChild', { birthCertificateId: cert.credentialId, childIdNumber: F01.child })
  if (!link.linked) throw new Error(link.reason.message)
  const childLinkId = link.child.childLinkId
  const ward = (await mother.ok('claimChildCredentials', { childLinkId, consentAccepted: true })).credentials.find((c) => c.type === 'id_card')!
  const { report } = await mother.ok('reportError', { credentialId: cert.credentialId, fields: ['name'], description: '新生儿姓名有误' })
  const mine = new Set((await mother.ok('history', { limit: 50 })).entries.map((e) => e.entryId))

  const nobody: Caller = {
    ...mother,
    openid: 'openid-nobody',
    sessionToken: 'x'.repeat(43),
    space: async (action, rest = {}) => client.post('/cloud/space', { action, sessionToken: 'x'.repeat(43), ...rest }, 'openid-nobody'),
  }
  const [father, grandpa, stranger, child] = [await as(F01.father), await as(F01.grandpa), await as('440402199012030846'), await as(F01.child)]

  /** Each action → the call and whether its answer hands over the holder's thing. */
  const holds = (r: Reply, has: (d: any) => boolean): Reply => (r.ok && !has(r.data) ? { ok: false, error: { code: 'not in the answer' } } : r)
  const actions: Record<string, (p: Caller) => Promise<Reply>> = {
    'home (the certificate)': async (p) => holds(await p.space('home'), (d) => d.held.some((h: any) => h.credentialId === cert.credentialId)),
    'detail (certificate)': (p) => p.space('detail', { credentialId: cert.credentialId }),
    'download (certificate)': (p) => p.space('download', { credentialId: cert.credentialId, purpose: '小学新生报名' }),
    'reportError (certificate)': (p) => p.space('reportError', { credentialId: cert.credentialId, fields: ['name'], description: '想改别人的证照' }),
    'listReports (the report)': async (p) => holds(await p.space('listReports'), (d) => d.reports.some((r: any) => r.reportId === report.reportId)),
    'history (her entries)': async (p) => holds(await p.space('history', { limit: 50 }), (d) => d.entries.some((e: any) => mine.has(e.entryId))),
    'claim (the child’s cert)': async (p) =>
      holds(await p.space('claim', { type: 'birth_certificate' }), (d) => [...d.claimed, ...d.alreadyHeld].some((c: any) => c.maskedSummary.includes('**涵'))),
    'linkChild (her certificate)': async (p) => holds(await p.space('linkChild', { birthCertificateId: cert.credentialId, childIdNumber: F01.child }), (d) => d.linked),
    'children (her link)': async (p) => holds(await p.space('children'), (d) => d.children.some((c: any) => c.childLinkId === childLinkId)),
    'claimChildCredentials': (p) => p.space('claimChildCredentials', { childLinkId, consentAccepted: true }),
    'detail (child’s ID cert)': (p) => p.space('detail', { credentialId: ward.credentialId }),
    'download (child’s ID cert)': (p) => p.space('download', { credentialId: ward.credentialId, purpose: '小学新生报名' }),
  }
  const all = Object.keys(actions)
  const only = (...allowed: string[]) => Object.fromEntries(all.map((a) => [a, allowed.includes(a)]))
  const roles: Array<[string, Caller, Record<string, boolean>]> = [
    ['the holder (mother)', mother, only(...all)],
    // The father is named on the same certificate: he claims his own copy, and reaches nothing of hers.
    ['the other parent (father)', father, only('claim (the child’s cert)')],
    ['the household head (grandpa)', grandpa, only()],
    ['another family’s mother', stranger, only()],
    ['the student (under 14)', child, only()],
    ['no session (made-up token)', nobody, only()],
  ]

  const rows: string[] = []
  const wrong: string[] = []
  for (const [role, p, expected] of roles) {
    // A fresh face check first, so a refusal is about whose data it is, never about staleness.
    if (p !== nobody) await p.reverify()
    for (const action of all) {
      const r = await actions[action](p)
      rows.push(`${role.padEnd(30)} space.${action.padEnd(28)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
      if (r.ok !== expected[action]) wrong.push(`${role} ${action}: ${r.ok ? 'allowed' : r.error?.code}`)
    }
  }
  // The child's own 数字档案袋 is hers to read, and tells her the guardian linked her (SPEC §2).
  const own = await child.space('history', { limit: 50 })
  const seen = own.ok && own.data.entries.some((e) => e.action === 'link' && e.actor.kind === 'guardian')
  rows.push(`${'the student (under 14)'.padEnd(30)} space.${'history (her own, 关联 seen)'.padEnd(28)} ${seen ? 'ALLOWED' : `refused ${own.ok ? 'no guardian line' : own.error.code}`}`)
  if (!seen) wrong.push('the student cannot read her own history')
  // PIPL art. 31, seed 000: a child under 14 claims and authorizes nothing herself; a parent links her.
  for (const type of ['id_card', 'household_register'] as const) {
    const r = await child.space('claim', { type })
    const got = r.ok && r.data.claimed.length + r.data.alreadyHeld.length > 0
    rows.push(`${'the student (under 14)'.padEnd(30)} space.${`claim (her own ${type})`.padEnd(28)} ${got ? 'ALLOWED' : `refused ${r.ok ? 'nothing claimed' : r.error.code}`}`)
    if (got) wrong.push(`the student claimed her own ${type}`)
  }
  const home = await child.space('home')
  const offered = home.ok && home.data.missing.some((m) => m.claimable)
  rows.push(`${'the student (under 14)'.padEnd(30)} space.${'home (offers 申领 of her own)'.padEnd(28)} ${offered ? 'ALLOWED' : `refused ${home.ok ? home.data.missing[0].reasons[0].code : home.error.code}`}`)
  if (offered) wrong.push('the student is offered 申领 of her own credentials')
  console.log(`access matrix (personal digital space, ${rows.length} cells):\n${rows.join('\n')}`)
  expect(wrong).toEqual([])
}, 60_000)
