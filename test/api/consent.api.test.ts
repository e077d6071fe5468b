import { verifyRecord } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { F13, F14, useConsentCloud } from './consent.helpers'

/** SPEC §4 over HTTP: business-system requests, several signers, scope, expiry, revoke, re-authorize, the ledger. */
const { as, fresh, biz, request, advance, cloud, client } = useConsentCloud()
const ledgerSize = () => cloud().deps.consent.ledger.size()
const MIN = 60_000

async function newRequest(over: Record<string, unknown> = {}) {
  const r = await biz('createRequest', request(over))
  if (r.status !== 200) throw new Error(JSON.stringify(r.body))
  return r.body.data as { code: string; link: { path: string; url: string }; qrDataUrl: string; parts: Array<{ part: string; status: string }> }
}

describe('business system: requests and credentials', () => {
  it('serves the demo enrolment page with the demo system key', async () => {
    const res = await fetch(`${cloud().url}/demo/enrolment`)
    const html = await res.text()
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8'])
    expect(html).toContain(JSON.stringify(cloud().demoBizKey))
    expect(html).toContain('户籍双证学校（户口簿+房产）')
    // API data reaches the page as text only (textContent / append), never parsed as HTML.
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/)
  })

  it('creates a request with an 8-character code, a link and a QR code', async () => {
    const r = await newRequest()
    expect(r.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
    expect(r.link.path).toBe(`consent/open/index?code=${r.code}`)
    expect(r.link.url).toContain(`/#/consent/open/index?code=${r.code}`)
    expect(r.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(r.parts.map((p) => [p.part, p.status])).toEqual([['household_register', 'pending'], ['property', 'pending']])
  })

  it('asking again for the same student and parent while one is open returns it (its 授权码); at once, still one', async () => {
    const F01 = { studentName: '吴思涵', studentIdNumber: '441302201809140829', parentName: '陈美玲', parentIdNumber: '441302198506120324' }
    const before = await ledgerSize()
    const first = await biz('createRequest', request(F01))
    expect(first.body.data).toMatchObject({ reused: false, status: 'open' })
    const again = await biz('createRequest', request({ ...F01, studentIdNumber: ' 4413 0220 1809 1408 29 ' }))
    expect(again.body.data).toMatchObject({ code: first.body.data.code, reused: true })
    // Another parent of the same child is another request.
    const father = await biz('createRequest', request({ ...F01, parentName: '吴志强', parentIdNumber: '441302198402170511' }))
    expect(father.body.data.code).not.toBe(first.body.data.code)
    // Identical requests at the same moment (another child, nothing open yet) yield one code.
    const F03 = { studentName: '梁浩宇', studentIdNumber: '440604201906210110', parentName: '何晓欣', parentIdNumber: '440604198901260288' }
    const burst = await Promise.all(Array.from({ length: 8 }, () => biz('createRequest', request(F03))))
    expect(burst.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(new Set(burst.map((r) => r.body.data.code)).size).toBe(1)
    expect(burst.filter((r) => r.body.data.reused === false)).toHaveLength(1)
    expect(await ledgerSize()).toBe(before)
  })

  it('refuses wrong, missing and other systems’ credentials with 401, and changes nothing', async () => {
    const key = cloud().demoBizKey
    const before = await ledgerSize()
    expect((await biz('createRequest', request(), null)).status).toBe(401)
    expect((await biz('createRequest', request(), `${key.split('.')[0]}.${'x'.repeat(43)}`)).body.error.code).toBe('BIZ_UNAUTHORIZED')
    expect((await biz('status', { code: 'ABCDEFGH' }, `other-system.${key.split('.')[1]}`)).status).toBe(401)
    const res = await fetch(`${cloud().url}/biz/createRequest`, { method: 'POST', headers: { 'x-wx-openid': 'openid-anyone' }, body: JSON.stringify(request()) })
    expect(res.status).toBe(401)
    expect(await ledgerSize()).toBe(before)
  })

  it('refuses a request outside the allow-list, and bad input', async () => {
    await cloud().deps.consent.systems.ensure({ id: 'narrow', name: '只读户籍系统', purpose: '测试', allowList: { household_register: ['address'] }, keyHash: require('node:crypto').createHash('sha256').update('n'.repeat(32)).digest('hex'), createdAt: 1 })
    const narrow = `narrow.${'n'.repeat(32)}`
    expect((await biz('createRequest', request(), narrow)).body.error.code).toBe('BIZ_OUTSIDE_ALLOWLIST')
    expect((await biz('createRequest', request({ evidence: '户籍（户口簿, 出生证）', fields: { household_register: ['studentName'] } }), narrow)).body.error).toMatchObject({ code: 'BIZ_OUTSIDE_ALLOWLIST', message: expect.stringContaining('studentName') })
    expect((await biz('createRequest', request({ fields: { property: ['bogus'] } }))).body.error.code).toBe('BIZ_OUTSIDE_ALLOWLIST')
    expect((await biz('createRequest', request({ studentIdNumber: '441302201806061712' }))).body.error.code).toBe('ID_NUMBER_INVALID')
    expect((await biz('createRequest', request({ evidence: '随便' }))).status).toBe(400)
    expect((await biz('status', { code: 'ABCDEFGH' })).body.error.code).toBe('REQUEST_NOT_FOUND')
  })
})

describe('two parents sign different parts (seed 000 note 5)', () => {
  let code: string
  it('each sees only what is theirs: the father the register, the mother the property at the register address', async () => {
    code = (await newRequest()).code
    const dad = await (await as(F14.dad)).cok('open', { code })
    expect(dad.request).toMatchObject({ systemName: expect.stringContaining('惠教育'), studentMasked: '**阳', status: 'open', result: '待审类（含未授权）' })
    expect(dad.request.parts.map((p) => [p.key, p.eligibility.kind])).toEqual([['household_register', 'signable'], ['property', 'not_signer']])
    const mum = await (await as(F14.mum)).cok('open', { code: code.toLowerCase() })
    expect(mum.request.parts.map((p) => [p.key, p.eligibility.kind])).toEqual([['household_register', 'not_signer'], ['property', 'signable']])
    const prop = mum.request.parts[1].eligibility
    if (prop.kind !== 'signable') throw new Error()
    expect(prop.options.filter((o) => o.matches)).toHaveLength(1)
    expect(JSON.stringify(mum)).not.toMatch(/何沐阳|李婉婷|441302/)
  })

  it('a signer cannot sign what is not theirs, nor a property away from the register address; nothing is written', async () => {
    const mum = await as(F14.mum)
    const before = await ledgerSize()
    expect((await mum.consent('sign', { code, agreed: true, parts: [{ part: 'household_register', fields: ['address'] }] })).ok).toBe(false)
    const open = await mum.cok('open', { code })
    const prop = open.request.parts[1].eligibility
    if (prop.kind !== 'signable') throw new Error()
    const wrong = prop.options.find((o) => !o.matches)!
    expect(await mum.consent('sign', { code, agreed: true, parts: [{ part: 'property', optionId: wrong.optionId, fields: ['address'] }] })).toMatchObject({ ok: false, error: { code: 'OPTION_INVALID' } })
    expect(await mum.consent('sign', { code, agreed: false, parts: [{ part: 'property', fields: ['address'] }] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await mum.consent('sign', { code, agreed: true, parts: [{ part: 'property', fields: ['address', 'nonsense'] }] })).toMatchObject({ ok: false, error: { code: 'SCOPE_INVALID' } })
    expect(await ledgerSize()).toBe(before)
  })

  it('an owner whose properties are away from the register address is told so when signing, and can say so to the school', async () => {
    const dad = await as(F14.dad)
    const open = await dad.cok('open', { code })
    expect(open.request.parts[1]).toMatchObject({ key: 'property', canDecline: true, eligibility: { kind: 'not_signer', reason: { code: 'NO_MATCHING_PROPERTY' } } })
    const before = await ledgerSize()
    expect(await dad.consent('sign', { code, agreed: true, parts: [{ part: 'property', fields: ['address'] }] })).toMatchObject({
      ok: false, error: { code: 'NOT_RIGHTFUL_SIGNER', message: expect.stringContaining('没有与学生户口簿地址一致的房产') },
    })
    expect(await ledgerSize()).toBe(before)
    // 无法在线授权 with that very reason, on a request of its own (this one is signed below).
    const other = (await newRequest({ parentName: '何俊杰', parentIdNumber: F14.dad })).code
    const declined = await dad.cok('decline', { code: other, part: 'property', reason: 'PROPERTY_NOT_AT_REGISTER_ADDRESS' })
    expect(declined.request.parts[1]).toMatchObject({ status: 'unavailable', reason: { code: 'PROPERTY_NOT_AT_REGISTER_ADDRESS', message: '名下房产与学生户口簿地址不一致' } })
  })

  it('signing needs a recent face check', async () => {
    advance(6 * MIN)
    const mum = await as(F14.mum)
    expect(await mum.consent('sign', { code, agreed: true, parts: [{ part: 'property', fields: ['address'] }] })).toMatchObject({ ok: false, error: { code: 'VERIFICATION_REQUIRED' } })
    await mum.reverify()
    await (await as(F14.dad)).reverify()
  })

  it('both sign: complete, 网上证照已授权, and the form fills from the consented fields only', async () => {
    const mum = await as(F14.mum)
    const signed = await mum.cok('sign', { code, agreed: true, parts: [{ part: 'property', fields: ['address', 'certificateNumber'] }] })
    expect(signed.request.parts[1]).toMatchObject({ status: 'signed', signedByMe: true, signedBy: '**婷' })
    expect((await biz('status', { code })).body.data).toMatchObject({ status: 'open', result: '待审类（含未授权）' })
    await (await as(F14.dad)).cok('sign', { code, agreed: true, parts: [{ part: 'household_register', fields: ['address', 'studentName', 'studentIdNumber', 'headName', 'householdNumber'] }] })
    const status = (await biz('status', { code })).body.data
    expect(status).toMatchObject({ status: 'complete', result: '网上证照已授权', reasons: [] })
    // A stranger (F09's mother) opening this signed code learns only that it is not theirs:
    // the raw reply carries no status, result, parts, student or signer.
    const stranger = await fresh('441302198807071028')
    const raw = (await client.post('/cloud/consent', { action: 'open', sessionToken: stranger.sessionToken, code }, stranger.openid)) as Record<string, unknown>
    expect(raw).toEqual({ ok: false, error: { code: 'REQUEST_NOT_RELATED', message: '该授权码不是您家的授权申请', hint: expect.stringContaining('请核对授权码') } })
    expect(JSON.stringify(raw)).not.toMatch(/\*\*婷|\*\*杰|\*\*阳|complete|网上证照已授权|signed/)
    const form = (await biz('form', { code })).body.data
    expect(form.values.household_register).toEqual({
      address: '广东省惠州市惠城区河南岸街道金山湖路18号金山湖花园5栋1201房', studentName: '何沐阳', studentIdNumber: F14.kid, headName: '何俊杰', householdNumber: '441302488',
    })
    expect(form.values.property).toEqual({ address: '广东省惠州市惠城区河南岸街道金山湖路18号金山湖花园5栋1201房', certificateNumber: '粤（2018）惠州市不动产权第0061027号' })
    expect(form.refused).toEqual([])
    // The fields left unticked are named for the school, not just missing rows.
    expect(form.withheld).toEqual([
      { part: 'household_register', fields: [{ key: 'studentSex', label: '学生性别' }, { key: 'studentBirthDate', label: '学生出生日期' }, { key: 'studentRelation', label: '学生与户主关系' }] },
      { part: 'property', fields: [{ key: 'ownerNames', label: '权利人' }] },
    ])
    // The mother's own page shows what she actually granted, not everything asked.
    const mine = await mum.cok('open', { code })
    expect(mine.request.parts[1].grantedFields?.map((f) => f.label)).toEqual(['不动产权证号', '房屋坐落'])
  })

  it('a read outside scope is refused and recorded as refused; every read shows in the holder’s history', async () => {
    const before = await ledgerSize()
    const r = await biz('read', { code, part: 'property', fields: ['address', 'ownerNames'] })
    expect([r.status, r.body.error.code]).toEqual([403, 'BIZ_READ_REFUSED'])
    expect(await ledgerSize()).toBe(before + 1)
    const last = await cloud().deps.consent.ledger.entry(before)
    expect(JSON.parse(last!.leaf)).toMatchObject({ action: 'read_refused', consent: expect.stringMatching(/^cs_/) })
    const ok = await biz('read', { code, part: 'property', fields: ['address'] })
    expect(ok.body.data.values).toEqual({ address: expect.stringContaining('金山湖花园') })
    const history = await (await as(F14.mum)).ok('history')
    const bizLines = history.entries.filter((e) => e.actor.kind === 'business_system')
    expect(bizLines.length).toBeGreaterThanOrEqual(3)
    expect(bizLines[0]).toMatchObject({ action: 'read', actor: { label: expect.stringContaining('惠教育') }, fields: ['address'] })
    expect(bizLines[1].note).toContain('已拒绝：超出授权范围')
    expect(history.entries.some((e) => e.action === 'authorize')).toBe(true)
  })

  it('revoke (注销) stops the very next read; re-authorize (重新授权) restores it as a new consent', async () => {
    const mum = await as(F14.mum)
    const mine = await mum.cok('mine')
    const c = mine.consents.find((x) => x.part === 'property')!
    expect(c).toMatchObject({ state: 'active', systemName: expect.stringContaining('惠教育'), item: expect.stringContaining('****'), canReauthorize: false })
    const revoked = await mum.cok('revoke', { consentId: c.consentId })
    expect(revoked.consent).toMatchObject({ state: 'revoked', canReauthorize: true })
    expect(await mum.consent('revoke', { consentId: c.consentId })).toMatchObject({ ok: false, error: { code: 'CONSENT_REVOKED' } })
    const refused = await biz('read', { code, part: 'property' })
    expect([refused.status, refused.body.error.message]).toEqual([403, expect.stringContaining('授权已注销')])
    expect((await biz('status', { code })).body.data).toMatchObject({ result: '待审类（含未授权）', reasons: [expect.objectContaining({ code: 'REVOKED' })] })
    // Someone else cannot touch it.
    expect(await (await as(F14.dad)).consent('revoke', { consentId: c.consentId })).toMatchObject({ ok: false, error: { code: 'CONSENT_NOT_FOUND' } })
    const again = await mum.cok('reauthorize', { consentId: c.consentId, agreed: true })
    expect(again.consent).toMatchObject({ state: 'active', part: 'property', fields: c.fields })
    expect(again.consent.consentId).not.toBe(c.consentId)
    expect(await mum.consent('reauthorize', { consentId: c.consentId, agreed: true })).toMatchObject({ ok: false, error: { code: 'ALREADY_SIGNED' } })
    expect((await biz('read', { code, part: 'property' })).status).toBe(200)
    expect((await biz('status', { code })).body.data.result).toBe('网上证照已授权')
  })

  it('the device verifies the consent record and consistency with the checkpoint it saw', async () => {
    const mum = await as(F14.mum)
    const c = (await mum.cok('mine')).consents.find((x) => x.state === 'revoked')!
    const first = await mum.cok('proof', { consentId: c.consentId })
    expect(first.bundle.records).toHaveLength(2)
    const v1 = verifyRecord(first.bundle, { consentId: c.consentId, revoked: true }, null)
    if (!v1.ok) throw new Error(v1.reason)
    expect(first.bundle.records.map((r) => r.leaf).join()).not.toMatch(/何|李|441302|金山湖/)
    await biz('read', { code, part: 'household_register' })
    const later = await mum.cok('proof', { consentId: c.consentId, knownSize: v1.seen.size })
    expect(later.bundle.size).toBeGreaterThan(v1.seen.size)
    expect(verifyRecord(later.bundle, { consentId: c.consentId, revoked: true }, v1.seen).ok).toBe(true)
  })

  it('expiry: past the validity reads are refused and nothing more can be signed', async () => {
    advance(31 * 24 * 60 * MIN)
    const r = await biz('read', { code, part: 'household_register' })
    expect([r.status, r.body.error.message]).toEqual([403, expect.stringContaining('授权已过有效期')])
    expect((await biz('status', { code })).body.data).toMatchObject({ status: 'expired', result: '待审类（含未授权）' })
    const dad = await fresh(F14.dad)
    const mine = await dad.cok('mine')
    expect(mine.consents[0]).toMatchObject({ state: 'expired', canReauthorize: false })
    expect(await dad.consent('sign', { code, agreed: true, parts: [{ part: 'household_register', fields: ['address'] }] })).toMatchObject({ ok: false, error: { code: 'REQUEST_EXPIRED' } })
    await fresh(F14.mum)
  })
})

describe('collective household and children (seed 000 note 1, PIPL art. 31)', () => {
  it('a collective household cannot authorize the register: 待审类（含未授权） with the reason', async () => {
    const r = await newRequest({ studentName: '叶', studentIdNumber: F13.kid, parentName: '叶', parentIdNumber: F13.mum, evidence: '户籍（户口簿, 出生证）' })
    expect(r.parts).toEqual([
      expect.objectContaining({ part: 'household_register', status: 'unavailable', reason: expect.objectContaining({ code: 'COLLECTIVE_HOUSEHOLD' }) }),
      expect.objectContaining({ part: 'birth_certificate', status: 'pending' }),
    ])
    const mum = await fresh(F13.mum)
    // The birth certificate part is signed by a parent who linked the child through it (SPEC §3).
    const open = await mum.cok('open', { code: r.code })
    expect(open.request.parts[1].eligibility).toMatchObject({ kind: 'not_signer', reason: { code: 'NOT_LINKED' } })
    const claim = await mum.ok('claim', { type: 'birth_certificate' })
    const link = await mum.ok('linkChild', { birthCertificateId: claim.claimed[0].credentialId, childIdNumber: F13.kid })
    expect(link.linked).toBe(true)
    await mum.cok('sign', { code: r.code, agreed: true, parts: [{ part: 'birth_certificate', fields: ['newbornName', 'birthDate'] }] })
    const status = (await biz('status', { code: r.code })).body.data
    expect(status).toMatchObject({ status: 'complete', result: '待审类（含未授权）', reasons: [expect.objectContaining({ code: 'COLLECTIVE_HOUSEHOLD', message: expect.stringContaining('集体户') })] })
    expect((await biz('form', { code: r.code })).body.data.values.birth_certificate).toEqual({ newbornName: expect.any(String), birthDate: '2019-10-15' })
  })

  it('a part that cannot be authorized online is declared by the family (省外出生), not by a stranger', async () => {
    const F09 = { mum: '441302198807071028', kid: '441302201708081444' }
    const r = await newRequest({ studentName: '许', studentIdNumber: F09.kid, parentName: '许', parentIdNumber: F09.mum, evidence: '户籍（户口簿, 出生证）' })
    const stranger = await fresh(F14.dad)
    // No tie to the student: told the request is not theirs, no decline offered, nothing about the family.
    expect(await stranger.consent('open', { code: r.code })).toEqual({ ok: false, error: expect.objectContaining({ code: 'REQUEST_NOT_RELATED' }) })
    expect(await stranger.consent('decline', { code: r.code, part: 'birth_certificate', reason: 'BORN_OUTSIDE_GUANGDONG' })).toMatchObject({ ok: false, error: { code: 'REQUEST_NOT_RELATED' } })
    const mum = await fresh(F09.mum)
    expect(await mum.consent('decline', { code: r.code, part: 'birth_certificate', reason: 'NO_PROPERTY' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const declined = await mum.cok('decline', { code: r.code, part: 'birth_certificate', reason: 'BORN_OUTSIDE_GUANGDONG' })
    expect(declined.request.parts[1]).toMatchObject({ status: 'unavailable', reason: { message: expect.stringContaining('广东省外出生') } })
    expect(await mum.consent('decline', { code: r.code, part: 'birth_certificate', reason: 'CANNOT_LINK' })).toMatchObject({ ok: false, error: { code: 'PART_UNAVAILABLE' } })
    expect((await biz('status', { code: r.code })).body.data).toMatchObject({ result: '待审类（含未授权）', reasons: expect.arrayContaining([expect.objectContaining({ code: 'BORN_OUTSIDE_GUANGDONG' })]) })
  })

  it('a child under 14 never authorizes for themselves', async () => {
    const child = '441302201507180040'
    const r = await newRequest({ studentName: '张', studentIdNumber: child, parentName: '张', parentIdNumber: '441302198204160558' })
    const me = await fresh(child)
    // Her own request tells her the guardian rule, not the adults' signer advice, and offers no decline.
    const seen = await me.cok('open', { code: r.code })
    expect(seen.request.viewer).toMatchObject({ role: 'student_minor', notice: { message: expect.stringContaining('未满十四周岁') } })
    expect(seen.request.parts.every((p) => !p.canDecline && p.eligibility.kind === 'not_signer' && p.eligibility.reason.code === 'GUARDIAN_REQUIRED')).toBe(true)
    expect(await me.consent('sign', { code: r.code, agreed: true, parts: [{ part: 'property', fields: ['address'] }] })).toMatchObject({ ok: false, error: { code: 'GUARDIAN_REQUIRED' } })
    expect(await me.consent('decline', { code: r.code, part: 'property', reason: 'NO_PROPERTY' })).toMatchObject({ ok: false, error: { code: 'GUARDIAN_REQUIRED' } })
  })
})

describe('无法在线授权 is a fallback, not a veto (seed 000 notes 3–4)', () => {
  it('the rightful signer is told to sign instead of declining; another relative’s declaration does not stop her signing', async () => {
    const { code } = await newRequest()
    const mum = await fresh(F14.mum)
    const open = await mum.cok('open', { code })
    expect(open.request.viewer.role).toBe('family')
    expect(open.request.parts.map((p) => [p.key, p.canDecline])).toEqual([['household_register', true], ['property', false]])
    expect(await mum.consent('decline', { code, part: 'property', reason: 'NO_PROPERTY' })).toMatchObject({ ok: false, error: { code: 'SIGNER_SHOULD_SIGN', hint: expect.stringContaining('签署授权') } })
    // The father (no flat at the register address) declares it; the mother, its owner, still signs it.
    const dad = await fresh(F14.dad)
    const declared = await dad.cok('decline', { code, part: 'property', reason: 'NO_E_CERTIFICATE' })
    expect(declared.request.parts[1]).toMatchObject({ status: 'unavailable', canDecline: false })
    const again = await mum.cok('open', { code })
    expect(again.request.parts[1]).toMatchObject({ status: 'unavailable', eligibility: { kind: 'signable' } })
    const signed = await mum.cok('sign', { code, agreed: true, parts: [{ part: 'property', fields: ['address'] }] })
    expect(signed.request.parts[1]).toMatchObject({ status: 'signed', signedByMe: true, reason: null })
    expect((await biz('status', { code })).body.data.reasons.map((x: { code: string }) => x.code)).not.toContain('NO_E_CERTIFICATE')
  })

  it('nothing can be declared on an expired request', async () => {
    advance(31 * 24 * 60 * MIN) // the open request of the test before expires, so this one is new
    const { code } = await newRequest()
    advance(31 * 24 * 60 * MIN)
    const dad = await fresh(F14.dad)
    expect((await dad.cok('open', { code })).request).toMatchObject({ status: 'expired', nextStep: expect.stringContaining('重新提交申请'), parts: [expect.objectContaining({ canDecline: false }), expect.objectContaining({ canDecline: false })] })
    expect(await dad.consent('decline', { code, part: 'property', reason: 'NO_E_CERTIFICATE' })).toMatchObject({ ok: false, error: { code: 'REQUEST_EXPIRED' } })
    expect((await biz('status', { code })).body.data.parts[1]).toMatchObject({ status: 'pending', reason: null })
  })
})

describe('ledger under concurrency', () => {
  it('200 reads in parallel → 200 entries, and the log stays consistent with an earlier checkpoint', async () => {
    const code = (await newRequest()).code
    const mum = await fresh(F14.mum)
    await mum.cok('sign', { code, agreed: true, parts: [{ part: 'property', fields: ['address'] }] })
    const c = (await mum.cok('mine')).consents.find((x) => x.code === code)!
    const seen = verifyRecord((await mum.cok('proof', { consentId: c.consentId })).bundle, { consentId: c.consentId, revoked: false }, null)
    if (!seen.ok) throw new Error(seen.reason)
    const before = await ledgerSize()
    const reads = await Promise.all(Array.from({ length: 200 }, () => biz('read', { code, part: 'property' })))
    expect(reads.every((r) => r.status === 200)).toBe(true)
    expect(await ledgerSize()).toBe(before + 200)
    const indexes = new Set<number>()
    for (let i = before; i < before + 200; i++) {
      const e = await cloud().deps.consent.ledger.entry(i)
      expect(JSON.parse(e!.leaf)).toMatchObject({ action: 'read', consent: c.consentId })
      indexes.add(e!.index)
    }
    expect(indexes.size).toBe(200)
    const after = await mum.cok('proof', { consentId: c.consentId, knownSize: seen.seen.size })
    expect(verifyRecord(after.bundle, { consentId: c.consentId, revoked: false }, seen.seen)).toMatchObject({ ok: true })
  }, 60_000)
})
