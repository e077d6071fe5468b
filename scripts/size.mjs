#!/usr/bin/env node
// Weapp package size against WeChat's 2 MB main-package limit and the measured empty-app floor
// (STACK.md: an empty two-page Taro app is about 0.32 MB). Prints; does not assert.
// SIZE_SKIP_BUILD=1 measures the existing dist/weapp without rebuilding.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'dist/weapp')
const FLOOR_MB = 0.32
const MAIN_LIMIT_MB = 2
const MB = 1024 * 1024

if (process.env.SIZE_SKIP_BUILD !== '1') {
  execSync('npx taro build --type weapp', { cwd: root, stdio: 'inherit' })
}
if (!existsSync(path.join(out, 'app.json'))) {
  console.error(`no build at ${out}: run without SIZE_SKIP_BUILD`)
  process.exit(1)
}

function bytes(p) {
  const st = statSync(p)
  if (!st.isDirectory()) return st.size
  return readdirSync(p).reduce((sum, name) => sum + bytes(path.join(p, name)), 0)
}

const app = JSON.parse(readFileSync(path.join(out, 'app.json'), 'utf8'))
const subRoots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((s) => s.root.replace(/\/+$/, ''))
const total = bytes(out)
const sub = subRoots.reduce((sum, r) => sum + (existsSync(path.join(out, r)) ? bytes(path.join(out, r)) : 0), 0)
const main = total - sub

const mb = (n) => (n / MB).toFixed(3)
console.log(`weapp total:   ${mb(total)} MB`)
console.log(`main package:  ${mb(main)} MB (${(main / MB / FLOOR_MB).toFixed(2)}x the ${FLOOR_MB} MB empty-app floor)`)
console.log(`subpackages:   ${mb(sub)} MB${subRoots.length ? ` (${subRoots.join(', ')})` : ' (none)'}`)
console.log(`main <= ${MAIN_LIMIT_MB} MB: ${main <= MAIN_LIMIT_MB * MB ? 'yes' : 'NO'}`)
