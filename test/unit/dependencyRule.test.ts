import { builtinModules } from 'node:module'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ERROR_TEXT } from '../../cloudfunctions/domain/errors'
import { ErrorCode } from '../../types/errors'

/** STYLE.md (domain-driven-hexagon): the domain core imports no platform and reads no clock. */
const domainDir = path.resolve(__dirname, '../../cloudfunctions/domain')
const typesDir = path.resolve(__dirname, '../../types')
const PLATFORMS = /^(node:|@tarojs\/|@cloudbase\/|wx-server-sdk|better-sqlite3|react)/

describe('domain dependency rule', () => {
  const files = (readdirSync(domainDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'))

  it.each(files)('%s imports no platform, stays inside domain/ and types/, and reads no clock', (file) => {
    const text = readFileSync(path.join(domainDir, file), 'utf8')
    const imports = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1])
    for (const spec of imports) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(path.join(domainDir, file)), spec)
        expect([target, target.startsWith(domainDir) || target.startsWith(typesDir)]).toEqual([target, true])
      } else {
        expect(spec).not.toMatch(PLATFORMS)
        expect(builtinModules).not.toContain(spec.split('/')[0])
      }
    }
    expect(text).not.toMatch(/Date\.now\(|Math\.random\(|new Date\(\)|process\.env/)
  })

  it('every error code has a Chinese message and a next step', () => {
    for (const code of ErrorCode.options) {
      expect(ERROR_TEXT[code].message).toMatch(/[\u4e00-\u9fff]/)
      expect(ERROR_TEXT[code].hint).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

/**
 * The layers point one way: ports and adapters know the domain and the contract types, never the
 * use cases (services/), the deployed entries (functions/) or the local cloud that wires them up.
 * Wiring that needs a service's types lives in local/ (the composition root), not in an adapter.
 */
describe('adapter and port dependency rule', () => {
  const cf = path.resolve(__dirname, '../../cloudfunctions')
  const lower = ['adapters', 'ports'].flatMap((d) =>
    (readdirSync(path.join(cf, d), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(d, f)),
  )
  const higher = ['services', 'functions', 'local'].map((d) => path.join(cf, d) + path.sep)

  it.each(lower)('%s imports nothing from services/, functions/ or local/', (file) => {
    const text = readFileSync(path.join(cf, file), 'utf8')
    const specs = [...text.matchAll(/(?:^\s*(?:import|export)\b[^'"]*?from\s+|import\()\s*['"]([^'"]+)['"]/gm)].map((m) => m[1])
    const upward = specs.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(path.join(cf, file)), s)).filter((t) => higher.some((h) => (t + path.sep).startsWith(h)))
    expect(upward).toEqual([])
  })
})

