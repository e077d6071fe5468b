import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * The mini-program has no `process`: Taro replaces `process.env.X` at build time only when X has a
 * value, so a TARO_APP_* variable without a default in config/index.ts stays in the weapp bundle
 * as `process.env.X` and throws a ReferenceError on the phone (it did, in app.ts at launch).
 */
const root = path.resolve(__dirname, '../..')
const BUILT_IN = new Set(['TARO_ENV', 'NODE_ENV'])

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : []
  })
}

function defaultsInConfig(): Set<string> {
  const text = readFileSync(path.join(root, 'config/index.ts'), 'utf8')
  const env = /\benv:\s*\{([^}]*)\}/.exec(text)
  return new Set(env ? [...env[1].matchAll(/([A-Z][A-Z0-9_]*)\s*:/g)].map((m) => m[1]) : [])
}

describe('process.env in the app', () => {
  const read = new Map<string, string[]>()
  for (const f of files(path.join(root, 'src'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      read.set(m[1], [...(read.get(m[1]) ?? []), path.relative(root, f)])
    }
  }

  it('reads some variables (the scan works)', () => {
    expect(read.has('TARO_ENV')).toBe(true)
  })

  it('every variable the app reads has a build-time default in config/index.ts', () => {
    const defaults = defaultsInConfig()
    const missing = [...read.keys()].filter((k) => !BUILT_IN.has(k) && !defaults.has(k))
    expect(missing.map((k) => `${k} (${read.get(k)!.join(', ')})`)).toEqual([])
  })
})
