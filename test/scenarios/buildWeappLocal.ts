import { spawnSync } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')

/**
 * `npm run build:weapp:local` into `outDir`, pointed at `cloudUrl` (baked in at build time), for
 * the weapp-vm suites and the setData bench. Without NODE_ENV (jest sets test, the bench sets
 * production): Taro then makes the bundle the command makes (with NODE_ENV=test it is unminified and
 * untree-shaken, and @noble's unused utf8ToBytes runs at load).
 */
export function buildWeappLocal(outDir: string, cloudUrl: string): void {
  const { NODE_ENV: _unset, ...env } = process.env
  const build = spawnSync('node', ['scripts/build-weapp-local.mjs'], {
    cwd: root,
    env: { ...env, TARO_OUTPUT_ROOT: outDir, TARO_APP_CLOUD_URL: cloudUrl },
    encoding: 'utf8',
  })
  if (build.status !== 0) throw new Error(`weapp local build failed:\n${build.stderr || build.stdout}`)
}
