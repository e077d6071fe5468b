// `npm run ledger:audit`: audits the consent ledger of the local cloud in DATA_DIR (as `npm start`
// uses it) with cloudfunctions/local/ledgerAudit.ts. Prints OK with the size and root, or the first
// bad index; exit code 1 when the audit fails, 2 when it cannot run.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const localTsx = resolve(root, 'node_modules/.bin/tsx')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const [cmd, args] = existsSync(localTsx) ? [localTsx, []] : [npx, ['tsx']]
// DATA_DIR relative to where the command was run, like the local cloud.
const run = spawnSync(cmd, [...args, resolve(root, 'cloudfunctions/local/ledgerAudit.ts')], { stdio: 'inherit' })
process.exit(run.status ?? 2)
