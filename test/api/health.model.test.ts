import { RUNS, SEED, walk } from './health.model.helpers'

/** The health proxy-binding model over SQLite (health.model.helpers.ts); the CloudBase fake in health.model.cloudbase.test.ts. */
it(`health proxy binding over SQLite: ${RUNS} random sequences keep every invariant (seed ${SEED})`, () => walk('sqlite'), 600_000)
