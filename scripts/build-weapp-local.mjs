// `npm run build:weapp:local`: the WeChat build that talks to the local cloud (`npm start`) over
// wx.request instead of CloudBase (TARO_APP_TRANSPORT=http), with demo users and the simulated
// camera page, for WeChat DevTools. Not for upload: it has no CloudBase and no real face check.
//   TARO_APP_CLOUD_URL  where the local cloud answers (default http://127.0.0.1:$PORT, PORT 8787)
//   TARO_OUTPUT_ROOT    output folder (default dist/weapp, the folder project.config.json opens)
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const url = process.env.TARO_APP_CLOUD_URL || `http://127.0.0.1:${process.env.PORT || 8787}`
if (!/^https?:\/\/[^/]+$/.test(url.replace(/\/+$/, ''))) {
  console.error(`TARO_APP_CLOUD_URL 应为本地云的地址，如 http://127.0.0.1:8787（当前：${url}）`)
  process.exit(2)
}
const env = { ...process.env, TARO_APP_TRANSPORT: 'http', TARO_APP_CLOUD_URL: url }
const build = spawnSync(npx, ['taro', 'build', '--type', 'weapp'], { cwd: root, env, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

// DevTools reads project.private.config.json over project.config.json, for this machine only
// (git-ignored): 不校验合法域名, so wx.request may reach http://127.0.0.1.
if (!process.env.TARO_OUTPUT_ROOT) {
  const priv = { description: '本地联调（npm run build:weapp:local）：不校验合法域名、web-view、TLS 版本和 HTTPS 证书', setting: { urlCheck: false } }
  writeFileSync(resolve(root, 'project.private.config.json'), JSON.stringify(priv, null, 2) + '\n')
}
console.log(`\n微信开发者工具本地联调版已构建：小程序经 wx.request 访问本地云 ${url}`)
console.log('1. 另开终端运行 npm start（本地云须在上述地址）；')
console.log(
  process.env.TARO_OUTPUT_ROOT
    ? `2. 构建输出在 ${process.env.TARO_OUTPUT_ROOT}；在微信开发者工具中打开时，详情 → 本地设置 → 勾选「不校验合法域名…」；`
    : '2. 用微信开发者工具导入本项目根目录（project.config.json），「不校验合法域名…」已在 project.private.config.json 中打开；',
)
console.log('3. 首页先选择演示微信用户；人脸核验为模拟页面。此版本不可上传发布，发布请用 npm run build:weapp。')
