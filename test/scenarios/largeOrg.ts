import { dayOf } from '../../cloudfunctions/domain/health/calendar'
import { checkDigit } from '../../cloudfunctions/domain/idNumber'
import { maskIdNumber, maskName } from '../../cloudfunctions/domain/mask'
import type { LocalCloud } from '../../cloudfunctions/local/server'
import { healthIds } from '../../cloudfunctions/ports/healthStores'

const SURNAMES = '陈李黄张王刘吴何林郑梁谢罗钟叶'
const GIVEN = '思涵沐阳子轩梓萱浩然欣怡宇航雨桐俊杰诗琪'

/**
 * World setup for size tests and the setData bench (not demo data): a demo collector's org with
 * `members` members, seeded through the health store ports of a running local cloud (joining by
 * card is the journeys' business). 80% declared today, 5% of those abnormal, as in the health bench.
 * The collector logs in over HTTP, as the journeys' world does.
 */
export async function seedLargeOrg(cloud: LocalCloud, collectorNickname: string, orgName: string, members: number): Promise<{ orgId: string; workbench: string }> {
  const post = async (path: string, body: unknown, openid?: string): Promise<any> => {
    const res = await fetch(`${cloud.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) }, body: JSON.stringify(body) })
    const json = await res.json()
    if (json && json.ok === false) throw new Error(`${path}: ${json.error.code} ${json.error.message}`)
    return json.data
  }
  const users = (await (await fetch(`${cloud.url}/local/demo-users`)).json()) as Array<{ openid: string; nickname: string; suggested: { name: string; idNumber: string } | null }>
  const user = users.find((u) => u.nickname === collectorNickname)
  if (!user?.suggested) throw new Error(`no demo user ${collectorNickname} with a real-name identity`)
  const started = await post('/cloud/auth', { action: 'startVerification', purpose: 'login', method: 'face', ...user.suggested }, user.openid)
  await post(`/sim/verify/${encodeURIComponent(started.verifyId)}`, { outcome: 'pass' })
  const { sessionToken } = await post('/cloud/auth', { action: 'completeVerification', verifyId: started.verifyId }, user.openid)
  const { org } = await post('/cloud/health', { action: 'createOrg', sessionToken, name: orgName, deadline: '22:00', frequency: 'daily' }, user.openid)

  const { health: stores, cipher, clock } = cloud.deps
  const now = clock.now()
  const day = dayOf(now)
  const form = { phone: '13800138000', currentLocation: '惠州市惠城区', temperature: 36.5, symptoms: [], riskContact: false, riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none' }
  for (let i = 0; i < members; i++) {
    // Realistic lengths: a three-character name, an 18-digit ID number (masked on the workbench).
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13 + 3) % GIVEN.length]}`
    const first17 = `441302${20180101 + (i % 28)}${String(i % 1000).padStart(3, '0')}`
    const idNumber = first17 + checkDigit(first17)
    const id = cipher.keyedHash(`mainland_id:${idNumber}:${i}`)
    await stores.declarants.ensure({ id, docType: 'mainland_id', nameCipher: cipher.encrypt(name), docNumberCipher: cipher.encrypt(idNumber), maskedName: maskName(name), maskedDocNumber: maskIdNumber(idNumber), createdAt: now })
    await stores.memberships.ensure({ id: healthIds.membership(org.orgId, id), orgId: org.orgId, declarantId: id, maskedName: maskName(name), nameCipher: cipher.encrypt(name), nameVerified: false, altNameCipher: null, altMaskedName: null, docType: 'mainland_id', state: 'active', joinedAt: now, leftAt: null })
    if (i % 5 !== 0) {
      const clientId = crypto.randomUUID()
      await stores.submissions.record(
        { id: `decl:${org.orgId}:${id}:${clientId}`, orgId: org.orgId, declarantId: id, day, clientId, submittedAt: now - members + i, late: false, filerIdentityId: 'seeded', byCollector: false, formCipher: cipher.encrypt(JSON.stringify(form)), abnormal: i % 20 === 1 ? ['temperature'] : [] },
        { respectLock: true },
      )
    }
  }
  return { orgId: org.orgId, workbench: `/health/workbench/index?orgId=${org.orgId}` }
}
