/**
 * The server side of the morning-peak benchmark, in its own process (as `npm start` runs the local
 * cloud), so the load generator does not share its thread: `cloud` = the local cloud on DATA_DIR,
 * `bare` = a bare Node HTTP server answering the same requests. Prints `READY <url>`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud } from '../../cloudfunctions/local/server'

async function main() {
  if (process.argv[2] === 'cloud') {
    const dataDir = process.env.DATA_DIR!
    // The caller's environment counts (chaos sets DEMO_BIZ_KEY); the folder and the port are ours.
    const cloud = await startLocalCloud({ config: loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' }), port: 0, h5Dir: path.join(dataDir, 'none') })
    process.once('SIGTERM', () => void cloud.close().then(() => process.exit(0)))
    console.log(`READY ${cloud.url}`)
    return
  }
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (c) => (text += c))
    req.on('end', () => {
      const e = JSON.parse(text)
      const body = JSON.stringify({ ok: true, data: { declarationId: `decl:${e.orgId}:${e.declarantId}:${e.clientId}`, day: '2026-11-22', submittedAt: Date.now(), late: false, replayed: false } })
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
    })
  })
  server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  process.once('SIGTERM', () => server.close(() => process.exit(0)))
}

void main()
