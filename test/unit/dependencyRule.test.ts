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
