import { AppError } from '../../cloudfunctions/domain/errors'
import {
  claimChildCredentials,
  claimCredential,
  downloadCredential,
  getSpaceHome,
  linkChild,
  listAccessHistory,
  viewCredentialDetail,
} from '../../cloudfunctions/services/space'
import { makeSpaceHarness } from '../helpers/spaceHarness'

const MOTHER = '441302198506120324'
const CHILD = '441302201809140829'
const codeOf = async (p: Promise<unknown>) => p.then(() => 'resolved', (e) => (e instanceof AppError ? e.code : String(e)))

describe('space services on in-memory SQLite', () => {
  it('claim is idempotent: repeated and concurrent claims store each credential once', async () => {
    const h = makeSpaceHarness()
    const { openid, token } = await h.login(MOTHER)
    const results = await Promise.all([1, 2, 3].map(() => claimCredential(h.deps, openid, token, 'birth_certificate')))
    expect(results.reduce((n, r) => n + r.claimed.length, 0)).toBe(1)
    expect(h.count('credentials')).toBe(1)
    // Stored encrypted: neither the newborn's name nor the mother's number is in the row.
    const row = JSON.stringify(h.stores.db.prepare('SELECT * FROM credentials').all())
    expect(row).not.toMatch(/吴思涵|441302198506120324/)
    expect(h.count('access_events')).toBe(3)
  })

  it('home lists what is missing, why, and counts', async () => {
    const h = makeSpaceHarness()
    const { openid, token } = await h.login('44130219550302013X')
    const home = await getSpaceHome(h.deps, openid, token)
    expect(home.held).toEqual([])
    const birth = home.missing.find((m) => m.type === 'birth_certificate')!
    expect(birth).toMatchObject({ claimable: false, available: 0, reasons: [expect.objectContaining({ code: 'NOT_PARENT_ON_BIRTH_CERT', fallback: expect.stringMatching(/^如无法在线申领.*待审类/) })] })
    expect(home.missing.find((m) => m.type === 'id_card')).toMatchObject({ claimable: true, available: 1 })
  })

  it('link → consent claim → the child credentials appear once, even when claimed twice', async () => {
    const h = makeSpaceHarness()
    const { openid, token } = await h.login(MOTHER)
    const cert = (await claimCredential(h.deps, openid, token, 'birth_certificate')).claimed[0]
    const link = await linkChild(h.deps, openid, token, { birthCertificateId: cert.credentialId, childIdNumber: CHILD.toLowerCase() })
    if (!link.linked) throw new Error(link.reason.code)
    expect(link.alreadyLinked).toBe(false)
    const events = h.count('access_events')
    const again = await linkChild(h.deps, openid, token, { birthCertificateId: cert.credentialId, childIdNumber: CHILD })
    // Seen as 已关联, not a second 关联成功: no second record, nothing new in either history.
    expect(again).toMatchObject({ linked: true, alreadyLinked: true, child: { childLinkId: link.child.childLinkId, birthCertificateId: cert.credentialId } })
    expect(h.count('child_links')).toBe(1)
    expect(h.count('access_events')).toBe(events)
    await claimChildCredentials(h.deps, openid, token, link.child.childLinkId)
    const second = await claimChildCredentials(h.deps, openid, token, link.child.childLinkId)
    expect(second.credentials.every((c) => c.subject.kind === 'ward')).toBe(true)
    expect(h.count('credentials')).toBe(3)
    // The child's own history records what the guardian did.
    const ward = second.credentials.find((c) => c.type === 'id_card')!
    await viewCredentialDetail(h.deps, openid, token, ward.credentialId)
    const childEvents = h.stores.db.prepare("SELECT action, actorKind FROM access_events WHERE actorKind = 'guardian' ORDER BY id").all()
    expect(childEvents.map((e: any) => e.action)).toEqual(['link', 'claim_ward', 'view'])
  })

  it('a birth certificate id that is not the caller’s own is NOT_FOUND, not a reason', async () => {
    const h = makeSpaceHarness()
    const a = await h.login(MOTHER)
    const b = await h.login('440402199012030846')
    const cert = (await claimCredential(h.deps, a.openid, a.token, 'birth_certificate')).claimed[0]
    expect(await codeOf(linkChild(h.deps, b.openid, b.token, { birthCertificateId: cert.credentialId, childIdNumber: CHILD }))).toBe('NOT_FOUND')
    const prop = await h.login('441302198512241085')
    const owned = (await claimCredential(h.deps, prop.openid, prop.token, 'property')).claimed[0]
    const wrongType = await linkChild(h.deps, prop.openid, prop.token, { birthCertificateId: owned.credentialId, childIdNumber: CHILD })
    expect(wrongType).toMatchObject({ linked: false, reason: { code: 'NO_BIRTH_CERT', fallback: expect.stringContaining('待审类') } })
  })

  it('a typed number whose sex or birth date contradicts the certificate is refused without asking the registry', async () => {
    const h = makeSpaceHarness()
    const { openid, token } = await h.login(MOTHER)
    const cert = (await claimCredential(h.deps, openid, token, 'birth_certificate')).claimed[0]
    const asked: string[] = []
    const registersOf = h.deps.registry.registersOf.bind(h.deps.registry)
    h.deps.registry.registersOf = (id) => (asked.push(id), registersOf(id))
    // The Hunan child (born 2018-11-02) and the F06 boy: strangers to this certificate (女, 2018-09-14).
    for (const stranger of ['430102201811020689', '441402201705200538']) {
      const r = await linkChild(h.deps, openid, token, { birthCertificateId: cert.credentialId, childIdNumber: stranger, currentName: '王嘉怡' })
      expect(r).toMatchObject({ linked: false, reason: { code: 'FIELDS_DIFFER', details: { source: 'id_number' } } })
    }
    expect(asked).toEqual([])
    await linkChild(h.deps, openid, token, { birthCertificateId: cert.credentialId, childIdNumber: CHILD })
    expect(asked).toEqual([CHILD])
  })

  it('twins: the other twin’s number from this certificate names the other certificate to link from', async () => {
    const h = makeSpaceHarness()
    const { openid, token } = await h.login('440604198901260288')
    const certs = (await claimCredential(h.deps, openid, token, 'birth_certificate')).claimed
    const [haoran, haoyu] = ['**然', '**宇'].map((n) => certs.find((c) => c.maskedSummary.includes(n))!)
    const swapped = await linkChild(h.deps, openid, token, { birthCertificateId: haoran.credentialId, childIdNumber: '440604201906210137' })
    expect(swapped).toMatchObject({
      linked: false,
      reason: { code: 'NUMBER_OF_OTHER_CHILD', details: { otherBirthCertificateId: haoyu.credentialId, otherNewbornName: '**宇', nextStep: 'other_certificate' } },
    })
    expect(JSON.stringify(swapped)).not.toMatch(/offerRenamedPath|梁浩|440604201906210137/)
    const right = await linkChild(h.deps, openid, token, { birthCertificateId: haoyu.credentialId, childIdNumber: '440604201906210137' })
    expect(right).toMatchObject({ linked: true, alreadyLinked: false, child: { maskedName: '**宇', birthCertificateId: haoyu.credentialId } })
  })

  it('a child under 14 is told her parents claim the certificate; a property nobody registered names its own paper', async () => {
    const h = makeSpaceHarness()
    const child = await h.login('441302201507180040')
    const err = await claimCredential(h.deps, child.openid, child.token, 'birth_certificate').catch((e) => e)
    expect(err).toMatchObject({ code: 'NOT_PARENT_ON_BIRTH_CERT', message: '出生医学证明由父母申领，请让父母登录后关联' })
    const home = await getSpaceHome(h.deps, child.openid, child.token)
    expect(home.missing.find((m) => m.type === 'birth_certificate')!.reasons[0].message).toContain('请让父母登录后关联')
    const xu = await h.login('340104198601140910')
    const none = await claimCredential(h.deps, xu.openid, xu.token, 'property').catch((e) => e)
    expect(none).toMatchObject({ code: 'REGISTRY_NO_RECORD', hint: expect.stringContaining('纸质不动产权证书') })
    const xuHome = await getSpaceHome(h.deps, xu.openid, xu.token)
    expect(xuHome.missing.find((m) => m.type === 'property')!.reasons[0].fallback).not.toMatch(/出生医学证明/)
  })

  it('download needs a recent verification and hands the renderer a masked watermark', async () => {
    const h = makeSpaceHarness()
    const { openid, token } = await h.login(MOTHER)
    const cert = (await claimCredential(h.deps, openid, token, 'birth_certificate')).claimed[0]
    const pdf = await downloadCredential(h.deps, openid, token, { credentialId: cert.credentialId, purpose: '入学报名' })
    expect(Buffer.from(pdf.base64, 'base64').toString()).toBe('%PDF')
    expect(h.rendered[0].watermark).toEqual(['下载人：**玲（44**************24）', '用途：入学报名', '时间：2026-11-22 10:00（北京时间）', '仅限上述用途使用'])
    h.advance(301_000)
    expect(await codeOf(downloadCredential(h.deps, openid, token, { credentialId: cert.credentialId, purpose: '入学报名' }))).toBe('VERIFICATION_REQUIRED')
  })

  it('history pages newest first and refuses a broken cursor', async () => {
    const h = makeSpaceHarness()
    const { openid, token } = await h.login(MOTHER)
    for (const type of ['id_card', 'birth_certificate', 'property'] as const) {
      await claimCredential(h.deps, openid, token, type)
      h.advance(1_000)
    }
    const page = await listAccessHistory(h.deps, openid, token, { limit: 2 })
    expect(page.entries.map((e) => e.credentialTypes[0])).toEqual(['property', 'birth_certificate'])
    const rest = await listAccessHistory(h.deps, openid, token, { limit: 2, cursor: page.nextCursor! })
    expect([rest.entries.map((e) => e.credentialTypes[0]), rest.nextCursor]).toEqual([['id_card'], null])
    expect(await codeOf(listAccessHistory(h.deps, openid, token, { limit: 2, cursor: '-1' }))).toBe('BAD_REQUEST')
  })
})
