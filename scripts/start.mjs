// `npm start`: build the H5 app (skip with SKIP_H5_BUILD=1), then run the local cloud serving it.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

if (process.env.SKIP_H5_BUILD !== '1') {
  const build = spawnSync(npx, ['taro', 'build', '--type', 'h5'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) {
    console.error('H5 构建失败 (taro build --type h5)；可设置 SKIP_H5_BUILD=1 只启动本地云。')
    process.exit(build.status ?? 1)
  }
}

// The counter's workstation and 评价器 (desk/): an esbuild bundle, well under a second.
const desk = spawnSync(process.execPath, [resolve(root, 'scripts/build-desk.mjs')], { cwd: root, stdio: 'inherit' })
if (desk.status !== 0) {
  console.error('窗口受理台构建失败 (npm run build:desk)。')
  process.exit(desk.status ?? 1)
}

// The local tsx binary when present, so signals reach the cloud directly (npx may not forward them).
const localTsx = resolve(root, 'node_modules/.bin/tsx')
const [cmd, args] = existsSync(localTsx) ? [localTsx, []] : [npx, ['tsx']]
const cloud = spawn(cmd, [...args, 'cloudfunctions/local/main.ts'], { cwd: root, stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cloud.kill(sig))
cloud.on('exit', (code) => process.exit(code ?? 0))
