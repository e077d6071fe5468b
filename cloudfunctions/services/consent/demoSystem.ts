import type { BusinessSystem } from '../../ports/consentStores'
import { fieldsOf } from '../../domain/consent/fields'
import { apiKeyHash } from './biz'
import type { ConsentDeps } from './consentDeps'

/** The one demo enrolment system the local cloud seeds: every field of the three parts. */
export const DEMO_SYSTEM_ID = 'huijiaoyu-demo'

export async function seedDemoSystem(deps: ConsentDeps, secret: string): Promise<{ id: string; apiKey: string }> {
  const system: BusinessSystem = {
    id: DEMO_SYSTEM_ID,
    name: '惠教育·义务教育入学报名系统（演示）',
    purpose: '义务教育新生入学报名：核验学生户籍、出生证明和房产信息，自动填写报名表',
    allowList: {
      household_register: fieldsOf('household_register'),
      birth_certificate: fieldsOf('birth_certificate'),
      property: fieldsOf('property'),
    },
    keyHash: apiKeyHash(secret),
    createdAt: deps.clock.now(),
  }
  await deps.consent.systems.ensure(system)
  return { id: system.id, apiKey: `${system.id}.${secret}` }
}
