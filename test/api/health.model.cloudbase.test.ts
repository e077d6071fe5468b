import { RUNS, SEED, walk } from './health.model.helpers'

/** The health proxy-binding model (health.model.helpers.ts) over the CloudBase stores on the in-memory DocDb. */
it(`health proxy binding over CloudBase (fake): ${RUNS} random sequences keep every invariant (seed ${SEED})`, () => walk('cloudbase'), 600_000)
