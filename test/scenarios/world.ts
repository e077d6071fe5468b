import type { ScenarioWorld } from './journeys'

/**
 * What the journeys need from outside the phone, from a running local cloud over its HTTP API:
 * the school's enrolment system asking (its demo key), and a collector's class and card.
 */
export function localWorld(cloud: { url: string; demoBizKey: string; demoCounter: { operatorId: string; password: string } }): ScenarioWorld {
  let staffToken: string | null = null
  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
    const res = await fetch(`${cloud.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
    const json = await res.json()
    if (json && json.ok === false) throw new Error(`${path}: ${json.error.code} ${json.error.message}`)
    return json
  }

  /** The demo counter's clerk, signed in once (a Bearer session, as the workstation page holds it). */
  async function desk(action: string, body: Record<string, unknown>): Promise<any> {
    if (!staffToken) staffToken = (await post('/counter/api/signIn', cloud.demoCounter)).data.token as string
    return (await post(`/counter/api/${action}`, body, { authorization: `Bearer ${staffToken}` })).data
  }

  return {
    async counterScan(digits) {
      const { caseId } = await desk('scan', { matterId: 'enrol-review', code: digits })
      return { caseId }
    },
    async counterForm(caseId) {
      const form = await desk('form', { caseId })
      return { applicantName: form.applicant?.name ?? '', credentials: form.credentials.map((c: { title: string }) => c.title) }
    },
    async enrolmentRequest(over) {
      // Family F14: the student 何沐阳; the mother asks (the property at the register address is hers).
      const body = {
        applicationType: '2025惠城区义务教育',
        studentName: '何沐阳',
        studentIdNumber: '441302201806061711',
        parentName: '李婉婷',
        parentIdNumber: '441302198512241085',
        phone: '13800138000',
        evidence: '户籍双证学校（户口簿+房产）',
        ...over,
      }
      const { data } = await post('/biz/createRequest', body, { authorization: `Bearer ${cloud.demoBizKey}` })
      return { path: `/${data.link.path}`, code: data.code }
    },
    async healthCard(nickname, orgName) {
      const users = (await (await fetch(`${cloud.url}/local/demo-users`)).json()) as Array<{ openid: string; nickname: string; suggested: { name: string; idNumber: string } | null }>
      const user = users.find((u) => u.nickname === nickname)
      if (!user?.suggested) throw new Error(`no demo user ${nickname} with a real-name identity`)
      const as = { 'x-wx-openid': user.openid }
      const started = await post('/cloud/auth', { action: 'startVerification', purpose: 'login', method: 'face', ...user.suggested }, as)
      await post(`/sim/verify/${encodeURIComponent(started.data.verifyId)}`, { outcome: 'pass' })
      const { data: login } = await post('/cloud/auth', { action: 'completeVerification', verifyId: started.data.verifyId }, as)
      const sessionToken = login.sessionToken as string
      const { data: created } = await post('/cloud/health', { action: 'createOrg', sessionToken, name: orgName, deadline: '22:00', frequency: 'daily' }, as)
      const { data: card } = await post('/cloud/health', { action: 'issueInvite', sessionToken, orgId: created.org.orgId }, as)
      return { path: card.path as string }
    },
  }
}
