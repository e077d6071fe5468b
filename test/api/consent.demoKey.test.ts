import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'

/** The demo enrolment system is seeded on every start: a changed DEMO_BIZ_KEY must replace the stored key hash. */
let dataDir: string
beforeAll(() => void (dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-consent-key-'))))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const start = (key: string) =>
  startLocalCloud({ config: loadConfig({ DATA_DIR: dataDir, DEMO_BIZ_KEY: key }), port: 0, h5Dir: path.join(dataDir, 'none') })

async function statusWith(cloud: LocalCloud, key: string): Promise<number> {
  const res = await fetch(`${cloud.url}/biz/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ code: 'ABCDEFGH' }),
  })
  await res.body?.cancel()
  return res.status
}

it('a restart with a new DEMO_BIZ_KEY serves the new key and refuses the old one', async () => {
  const first = await start('first-key-'.padEnd(32, 'a'))
  const oldKey = first.demoBizKey
  expect(await statusWith(first, oldKey)).not.toBe(401)
  await first.close()

  const second = await start('second-key-'.padEnd(32, 'b'))
  try {
    expect(second.demoBizKey).not.toBe(oldKey)
    expect(await statusWith(second, second.demoBizKey)).not.toBe(401)
    expect(await statusWith(second, oldKey)).toBe(401)
  } finally {
    await second.close()
  }
})
