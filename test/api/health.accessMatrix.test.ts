import { randomUUID } from 'node:crypto'
import { goodForm, idFor, useHealthCloud, type HealthReply } from './health.helpers'
import type { HealthAction } from '../../types/health'

/**
 * Access matrix of the school health declaration (health part): one declarant (a
 * member who files for herself) in class A, and who may read, file for and manage her there: she
 * herself, her two proxies (代填人), a proxy who removed her from his list, the collector of class
 * A, the collector of class B, another member of class A, a stranger and no session. Destructive
 * cells (删除申报人, 退出组织, 提交当日数据) run each allowed role on a class of its own, so no cell
 * depends on the one before. Printed; fails on any cell allowed that should be refused and on any
 * refused that should be allowed.
 */
const { as, at, client } = useHealthCloud()
type Reply = { ok: boolean; error?: { code: string }; data?: any }
type Who = { health: <A extends HealthAction>(action: A, rest?: Record<string, unknown>) => Promise<HealthReply<A>> }

const ROLES = ['the member herself', 'proxy 1', 'proxy 2', 'a removed proxy', 'collector of this class', 'collector of another class', 'another member (not proxy)', 'a stranger', 'no session (made-up token)'] as const
type Role = (typeof ROLES)[number]

/** A class with its people; `k` keeps every scene's people apart (the proxy limit is per declarant). */
async function scene(k: number) {
  const n = (i: number) => 100 + k * 10 + i
  const teacherA = await as('黄老师', idFor(n(0), '19800101'))
  const { org } = await teacherA.ok('createOrg', { name: `三年级${k}班`, deadline: '22:00', frequency: 'daily' })
  const card = await teacherA.ok('issueInvite', { orgId: org.orgId })
  const teacherB = await as('李老师', idFor(n(1), '19800101'))
  await teacherB.ok('createOrg', { name: `四年级${k}班`, deadline: '22:00', frequency: 'daily' })
  const herId = idFor(n(2), '20050101')
  const member = await as('林晓雨', herId)
  const declarantId = (await member.ok('joinByInvite', { ticket: card.ticket, join: { as: 'self' } })).declarant.declarantId
  const asProxy = { as: 'proxy', declarant: { name: '林晓雨', docType: 'mainland_id', docNumber: herId } }
  const removed = await as('张伟', idFor(n(3)))
  await removed.ok('joinByInvite', { ticket: card.ticket, join: asProxy })
  await removed.ok('removeDeclarant', { declarantId })
  const proxy1 = await as('周丽玲', idFor(n(4)))
  await proxy1.ok('joinByInvite', { ticket: card.ticket, join: asProxy })
  const proxy2 = await as('陈美玲', idFor(n(5)))
  await proxy2.ok('joinByInvite', { ticket: card.ticket, join: asProxy })
  const other = await as('王芳', idFor(n(6)))
  await other.ok('joinByInvite', { ticket: card.ticket, join: { as: 'self' } })
  const stranger = await as('赵敏', idFor(n(7)))
  const nobody: Who = { health: async (action, rest = {}) => client.post('/cloud/health', { action, sessionToken: 'x'.repeat(43), ...rest }, 'openid-nobody') }
  const who: Record<Role, Who> = {
    'the member herself': member, 'proxy 1': proxy1, 'proxy 2': proxy2, 'a removed proxy': removed, 'collector of this class': teacherA,
    'collector of another class': teacherB, 'another member (not proxy)': other, 'a stranger': stranger, 'no session (made-up token)': nobody,
  }
  return { orgId: org.orgId, otherOrgId: (await teacherB.ok('home')).collectorOrgs[0].orgId, declarantId, who }
}

it('who may read, file for and manage a declarant and a class: nothing allowed that should be refused', async () => {
  at('2026-11-22T08:00:00')
  const { orgId, otherOrgId, declarantId, who } = await scene(0)
  const today = '2026-11-22'
  const target = { orgId, declarantId }
  const exportJob = randomUUID()
  const listed = (r: Reply, has: (d: any) => boolean): Reply => (r.ok && !has(r.data) ? { ok: false, error: { code: 'not in the answer' } } : r)
  const filers: Role[] = ['the member herself', 'proxy 1', 'proxy 2', 'collector of this class']
  const self3: Role[] = ['the member herself', 'proxy 1', 'proxy 2']
  const collector: Role[] = ['collector of this class']

  // [action, call, who is allowed]
  const reads: Array<[string, (p: Who) => Promise<Reply>, Role[]]> = [
    ['formContext', (p) => p.health('formContext', target), filers],
    ['formContext (a named day)', (p) => p.health('formContext', { ...target, day: today }), collector],
    ['submitDeclaration', (p) => p.health('submitDeclaration', { ...target, day: 'today', clientId: randomUUID(), form: goodForm }), filers],
    ['myDeclarants (lists her)', async (p) => listed(await p.health('myDeclarants'), (d) => d.items.some((i: any) => i.declarantId === declarantId)), self3],
    ['home (collects the class)', async (p) => listed(await p.health('home'), (d) => d.collectorOrgs.some((o: any) => o.orgId === orgId)), collector],
    ['workbenchDay', (p) => p.health('workbenchDay', { orgId, day: today }), collector],
    ['stats', (p) => p.health('stats', { orgId, range: { from: today, to: today } }), collector],
    ['remindMissing', (p) => p.health('remindMissing', { orgId, day: today }), collector],
    ['issueInvite', (p) => p.health('issueInvite', { orgId }), collector],
    ['export', (p) => p.health('export', { orgId, range: { from: today, to: today }, jobId: exportJob }), collector],
    ['exportProgress (the job)', async (p) => listed(await p.health('exportProgress', { jobId: exportJob }), (d) => d.state !== 'unknown'), collector],
  ]
  // Each allowed role acts on a class of its own (scene k); the refused ones all try on scene 0.
  const destructive: Array<[string, (p: Who, s: { orgId: string; declarantId: string }) => Promise<Reply>, Role[]]> = [
    ['removeDeclarant (删除)', (p, s) => p.health('removeDeclarant', { declarantId: s.declarantId }), self3],
    ['leaveOrgFor (退出组织)', (p, s) => p.health('leaveOrgFor', s), self3],
    ['lockDay (提交当日数据)', (p, s) => p.health('lockDay', { orgId: s.orgId, day: today }), collector],
  ]

  const rows: string[] = []
  const wrong: string[] = []
  const cell = (role: Role, action: string, r: Reply, allowed: boolean) => {
    rows.push(`${role.padEnd(28)} health.${action.padEnd(26)} ${r.ok ? 'ALLOWED' : `refused ${r.error?.code}`}`)
    if (r.ok !== allowed) wrong.push(`${role} ${action}: ${r.ok ? 'allowed' : r.error?.code}`)
  }
  for (const role of ROLES) {
    for (const [action, call, allowed] of reads) cell(role, action, await call(who[role]), allowed.includes(role))
  }
  for (const [action, call, allowed] of destructive) {
    for (const role of ROLES.filter((r) => !allowed.includes(r))) cell(role, action, await call(who[role], target), false)
  }
  // A collector naming their own class cannot reach someone who is not its member.
  const viaOwn = { orgId: otherOrgId, declarantId }
  cell('collector of another class', 'formContext (via own class)', await who['collector of another class'].health('formContext', viaOwn), false)
  cell('collector of another class', 'submit (via own class)', await who['collector of another class'].health('submitDeclaration', { ...viaOwn, day: today, clientId: randomUUID(), form: goodForm }), false)
  let k = 1
  for (const [action, call, allowed] of destructive) {
    for (const role of allowed) {
      const s = await scene(k++)
      cell(role, action, await call(s.who[role], s), true)
    }
  }
  // After 删除申报人 the proxy is a stranger to her again (the removed proxy's row above, now as it happens).
  const s = await scene(k++)
  await s.who['proxy 1'].health('removeDeclarant', { declarantId: s.declarantId })
  cell('proxy 1', 'formContext after 删除', await s.who['proxy 1'].health('formContext', { orgId: s.orgId, declarantId: s.declarantId }), false)
  console.log(`access matrix (health declaration, ${rows.length} cells):\n${rows.join('\n')}`)
  expect(wrong).toEqual([])
}, 120_000)
