/**
 * Cold start of each deployed bundle, printed, never asserted: a fresh `node` process
 * that `require`s the bundle's index.js (as CloudBase does on a cold instance), against one that
 * `require`s `@cloudbase/node-sdk` alone (every function loads it). Median of COLD_RUNS (default 7)
 * each; the target is within 1.3× of the SDK's own. The bundles are built into a temporary folder
 * first (scripts/build-functions.mjs), so the numbers are for what would be deployed.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'

const RUNS = Number(process.env.COLD_RUNS ?? 7)
const root = path.resolve(__dirname, '../..')
mkdirSync(path.join(root, 'dist'), { recursive: true })
// Inside the project: the external SDK resolves from its node_modules, as CloudBase installs it beside the bundle.
const out = mkdtempSync(path.join(root, 'dist', 'bench-cold-'))

/** One fresh process that requires `target`: the time of the require alone, in ms. */
function once(target: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } })
  if (r.status !== 0) throw new Error(`${target}: ${r.stderr.split('\n').find((l) => l.startsWith('Error')) ?? r.stderr.split('\n')[0]}`)
  return Number(r.stdout)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

try {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-functions.mjs')], { cwd: root, env: { ...process.env, OUT_DIR: out }, stdio: 'ignore' })
  // Rounds that take every target in turn, so a busy machine slows all of them alike.
  const targets: Array<[string, string]> = [['@cloudbase/node-sdk alone', require.resolve('@cloudbase/node-sdk', { paths: [root] })], ...readdirSync(out).sort().map((n): [string, string] => [n, path.join(out, n, 'index.js')])]
  const times = new Map(targets.map(([n]) => [n, [] as number[]]))
  for (let i = 0; i < RUNS; i++) for (const [n, t] of targets) times.get(n)!.push(once(t))
  const sdk = median(times.get(targets[0][0])!)
  console.log(`cold require, median of ${RUNS} fresh processes each (rounds interleaved):`)
  for (const [n] of targets) {
    const ms = median(times.get(n)!)
    console.log(`  ${n.padEnd(26)} ${ms.toFixed(0)} ms${n === targets[0][0] ? '' : `  ${(ms / sdk).toFixed(2)}x the SDK (target <= 1.3x)`}`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
