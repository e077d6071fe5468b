#!/usr/bin/env node
// `npm run bench`: runs every benchmark in scripts/bench/*.ts (through tsx), one after another,
// each printing its own measurements and ratios. Benchmarks print; they never assert.
// BENCH=name runs only the files whose name contains it (e.g. BENCH=ledger).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dir = path.join(root, 'scripts/bench')
const only = process.env.BENCH ?? ''
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f.includes(only))
  .sort()
if (files.length === 0) {
  console.error(`no benchmark in scripts/bench matches "${only}"`)
  process.exit(1)
}
const tsx = path.join(root, 'node_modules/.bin/tsx')
let failed = 0
for (const f of files) {
  console.log(`\n=== ${f} ===`)
  const r = spawnSync(existsSync(tsx) ? tsx : 'npx', existsSync(tsx) ? [path.join(dir, f)] : ['tsx', path.join(dir, f)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
