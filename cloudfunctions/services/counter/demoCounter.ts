import type { CounterDeps } from './counterDeps'
import { passwordHash } from './desk'

/**
 * The demo counter the local cloud seeds: a school's on-site enrolment review desk
 * registered for both demo matters, with one staff account. Its password is DEMO_COUNTER_PASSWORD
 * or generated once into DATA_DIR (localCounter.ts); only the local workstation page is given it.
 */
export const DEMO_COUNTER = { id: 'hz-shiyan-review', name: '惠州市实验小学·新生入学现场审核窗口（演示）' }
export const DEMO_OPERATOR = { id: 'shiyan01', name: '李**' }

export async function seedDemoCounter(deps: CounterDeps, password: string): Promise<{ operatorId: string; password: string }> {
  const now = deps.clock.now()
  await deps.counter.counters.ensure({ ...DEMO_COUNTER, matterIds: ['enrol-review', 'household-settle'], createdAt: now })
  await deps.counter.operators.ensure({ ...DEMO_OPERATOR, counterId: DEMO_COUNTER.id, passwordHash: passwordHash(password), createdAt: now })
  return { operatorId: DEMO_OPERATOR.id, password }
}
