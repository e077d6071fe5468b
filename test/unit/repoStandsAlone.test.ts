import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * The repository must make sense to someone who only cloned it: nothing names a folder outside
 * it, comments and documents say what a thing is rather than which ticket it came from, and the
 * README's and docs/' links lead to files that exist.
 */
const root = path.resolve(__dirname, '../..')
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'test-results', '.data', 'coverage'])
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|scss|html|txt)$/
// Reads the RFC 6962 vectors from outside until they are moved into the repository.
const OUTSIDE_ALLOWED = new Set(['test/unit/merkle.vectors.test.ts'])

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) files(full, out)
    else if (TEXT.test(name) || full.endsWith(path.join('.ci', 'run'))) out.push(full)
  }
  return out
}

const all = files(root).map((f) => ({ rel: path.relative(root, f).split(path.sep).join('/'), text: readFileSync(f, 'utf8') }))
const sharedDir = ['..', 'shared'].join('/')

describe('the repository stands alone', () => {
  it('names no folder outside itself', () => {
    const found = all.filter((f) => !OUTSIDE_ALLOWED.has(f.rel) && f.text.includes(sharedDir)).map((f) => f.rel)
    expect(found).toEqual([])
  })

  it('names no issue numbers in code, tests or documents', () => {
    const ticket = /\bissues? \d+/i
    const found = all
      .filter((f) => f.rel !== 'package-lock.json' && !OUTSIDE_ALLOWED.has(f.rel))
      .flatMap((f) => f.text.split('\n').map((line, i) => ({ at: `${f.rel}:${i + 1}`, line })))
      .filter((l) => ticket.test(l.line))
      .map((l) => `${l.at}: ${l.line.trim()}`)
    expect(found).toEqual([])
  })

  it('links from README.md and docs/ only to files that exist', () => {
    const docs = all.filter((f) => f.rel === 'README.md' || (f.rel.startsWith('docs/') && f.rel.endsWith('.md')))
    expect(docs.length).toBeGreaterThan(5)
    const broken = docs.flatMap((d) =>
      [...d.text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1].split('#')[0])
        .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(path.resolve(root, path.dirname(d.rel), target)))
        .map((target) => `${d.rel} → ${target}`),
    )
    expect(broken).toEqual([])
  })
})
