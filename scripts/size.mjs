#!/usr/bin/env node
// Weapp package size against WeChat's 2 MB main-package limit and the framework's floor: an empty
// two-page app (scripts/size-floor) built in the same run with the same config (STACK.md measured
// about 0.32 MB). Prints; does not assert. SIZE_SKIP_BUILD=1 measures existing builds.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'dist/weapp')
const floorOut = path.join(root, 'dist/weapp-floor')
const MAIN_LIMIT_MB = 2
const MB = 1024 * 1024

if (process.env.SIZE_SKIP_BUILD !== '1') {
  execSync('npx taro build --type weapp', { cwd: root, stdio: 'inherit' })
  execSync('npx taro build --type weapp', {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TARO_SOURCE_ROOT: 'scripts/size-floor', TARO_OUTPUT_ROOT: 'dist/weapp-floor' },
  })
}
for (const dir of [out, floorOut]) {
  if (!existsSync(path.join(dir, 'app.json'))) {
    console.error(`no build at ${dir}: run without SIZE_SKIP_BUILD`)
    process.exit(1)
  }
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

const floor = bytes(floorOut)

const mb = (n) => `${n} bytes (${(n / MB).toFixed(3)} MB)`
console.log(`empty-app floor: ${mb(floor)}`)
console.log(`weapp total:     ${mb(total)}`)
console.log(`main package:    ${mb(main)}, ${(main / floor).toFixed(2)}x the floor (aim <= 2x)`)
console.log(`subpackages:     ${mb(sub)}${subRoots.length ? ` (${subRoots.join(', ')})` : ' (none)'}`)
console.log(`main <= ${MAIN_LIMIT_MB} MB: ${main <= MAIN_LIMIT_MB * MB ? 'yes' : 'NO'}`)
