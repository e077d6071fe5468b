import { execFileSync } from 'node:child_process'
import { existsSync, statSync, readdirSync, utimesSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')
/** H5_DIR (relative to the repo) lets two test runs build and serve separate H5 folders. */
export const h5Dir = path.resolve(root, process.env.H5_DIR || 'dist/h5')
const h5Index = path.join(h5Dir, 'index.html')

/** Newest modification time under a folder, to tell whether the H5 build is stale. */
function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** What the H5 bundle is built from: the app, the shared contract, the pure rules it compiles in, its config. */
const inputs = ['src', 'types', 'cloudfunctions/domain', 'config'].map((d) => path.join(root, d))

/**
 * The browser tests run against the real H5 build; build it when missing or older than its inputs.
 * The index is stamped with the time the build STARTED: a source saved while webpack was running
 * is then newer, and the next run rebuilds (it once served a bundle without the last edit).
 */
export default async function globalSetup(): Promise<void> {
  // The counter desk app (workstation and 评价器): esbuild, under a second, so always fresh.
  execFileSync(process.execPath, [path.join(root, 'scripts/build-desk.mjs')], { cwd: root, stdio: 'inherit' })
  const stale = !existsSync(h5Index) || Math.max(...inputs.map(newest)) > statSync(h5Index).mtimeMs
  if (stale) {
    const started = new Date()
    process.stdout.write('\n[e2e] building the H5 app (npx taro build --type h5)…\n')
    // Jest sets NODE_ENV=test, which Taro would take for a development build (React Refresh hooks
    // that break outside the dev server); the tests must exercise the production bundle.
    execFileSync('npx', ['taro', 'build', '--type', 'h5'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT_ROOT: path.relative(root, h5Dir) },
    })
    utimesSync(h5Index, started, started)
  }
}
