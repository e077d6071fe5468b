import { loadConfig } from '../config'
import { startLocalCloud } from './server'

/** `npm start` entry: config from env, then the local cloud in the foreground. */
async function main(): Promise<void> {
  const config = loadConfig()
  const cloud = await startLocalCloud({ config })
  console.log(`本地云已启动 / local cloud: ${cloud.url}`)
  console.log(`  演示报名系统 / demo enrolment system: ${cloud.url}/demo/enrolment`)
  console.log(`  窗口受理台 / counter workstation (免证办): ${cloud.url}/counter/ （评价器 / kiosk: ${cloud.url}/counter/kiosk）`)
  console.log(`  账本见证节点 / ledger witness (C2SP tlog-witness): ${cloud.url}/witness/add-checkpoint`)
  console.log(`  微信开发者工具联调 / WeChat DevTools: TARO_APP_CLOUD_URL=${cloud.url} npm run build:weapp:local，再导入项目根目录`)
  if (cloud.ledgerAudit.ok) console.log(`授权账本自检通过：${cloud.ledgerAudit.size} 条，根哈希 ${cloud.ledgerAudit.rootHash}`)
  console.warn(
    `警告：本地云信任请求头 X-WX-OPENID（任何能访问它的人都可冒充任意微信用户），只能监听 127.0.0.1，切勿对外暴露。` +
      (config.HOST !== '127.0.0.1' && config.HOST !== 'localhost' ? ` 当前 HOST=${config.HOST}，请确认这是有意为之！` : ''),
  )
  const stop = () => void cloud.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
