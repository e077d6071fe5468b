import { deployedMain } from '../deployed'
import { createAuthHandler } from './handler'

/** The deployed `auth` function (CloudBase, handler `index.main`): the local cloud's handler on production adapters. */
export const main = deployedMain('auth', (_config, _app, base) => createAuthHandler(base))
