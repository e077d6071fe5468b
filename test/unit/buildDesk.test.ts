import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { COUNTER_FIELD_LABELS } from '../../types/fieldLabels'

/** `npm run build:desk`: the workstation and the 评价器 as static files any host can serve. */
const root = path.resolve(__dirname, '../..')
const build = (outDir: string, apiBase?: string) =>
  execFileSync(process.execPath, [path.join(root, 'scripts/build-desk.mjs')], {
    cwd: root,
    env: { ...process.env, DESK_OUT_DIR: outDir, ...(apiBase === undefined ? {} : { DESK_API_BASE: apiBase }) },
    stdio: 'pipe',
  }).toString()

describe('the desk build', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'desk-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('writes both pages, each naming only assets that exist, relative to the folder it is hosted in', () => {
    build(out)
    for (const page of ['index.html', 'kiosk.html']) {
      const html = readFileSync(path.join(out, page), 'utf8')
      expect(html).toContain('<html lang="zh-CN">')
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
      expect(refs.length).toBeGreaterThanOrEqual(2)
      for (const ref of refs) {
        expect(ref).toMatch(/^assets\//)
        expect(existsSync(path.join(out, ref))).toBe(true)
      }
    }
  })

  it('reads the field labels from the one shared table, and carries no zod (types only)', () => {
    const js = readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(out, 'assets', f), 'utf8')).join('\n')
    const missing = Object.values(COUNTER_FIELD_LABELS).flatMap((labels) => Object.values(labels)).filter((label) => !js.includes(label))
    expect(missing).toEqual([])
    expect(/ZodError/.test(js)).toBe(false)
  })

  it('calls the API on the same origin by default, or on DESK_API_BASE; a base with a path or plain http is refused', () => {
    const same = readdirSync(path.join(out, 'assets')).map((f) => readFileSync(path.join(out, 'assets', f), 'utf8')).join('\n')
    expect(same.includes('https://counter-api.example.cn')).toBe(false)
    const other = mkdtempSync(path.join(tmpdir(), 'desk-base-'))
    try {
      build(other, 'https://counter-api.example.cn')
      const js = readdirSync(path.join(other, 'assets')).map((f) => readFileSync(path.join(other, 'assets', f), 'utf8')).join('\n')
      expect(js.includes('https://counter-api.example.cn')).toBe(true)
      for (const bad of ['http://counter-api.example.cn', 'https://counter-api.example.cn/api/', 'javascript:alert(1)']) {
        expect(() => build(other, bad)).toThrow(/DESK_API_BASE/)
      }
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })
})
