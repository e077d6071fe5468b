/**
 * The roles and names from src/components/a11y.ts must reach the WeChat build. Taro's weapp
 * template binds only the props it knows, so without config/weapp-a11y they are dropped silently.
 * Builds weapp once (~30 s) into a temp folder, or reads WEAPP_DIR when given an existing build.
 * The same production build is also checked for any local-cloud path: it must carry none.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')
let dir = process.env.WEAPP_DIR ? path.resolve(root, process.env.WEAPP_DIR) : ''
let wxml = ''
let built = false

beforeAll(() => {
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-a11y-'))
    built = true
    const r = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
      cwd: root,
      env: { ...process.env, TARO_OUTPUT_ROOT: dir, NODE_ENV: 'production' },
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`weapp build failed:\n${r.stderr || r.stdout}`)
  }
  wxml = fs.readFileSync(path.join(dir, 'base.wxml'), 'utf8')
}, 240_000)

afterAll(() => {
  if (built) fs.rmSync(dir, { recursive: true, force: true })
})

/** The opening tags of one element name in the level-0 templates (one per component variant). */
function openingTags(name: string): string[] {
  const floor0 = wxml.split(/<template name="tmpl_1_/)[0]
  return floor0.match(new RegExp(`<${name} [^>]*>`, 'g')) ?? []
}

const bound = (tag: string, attr: string) => new RegExp(` ${attr}="\\{\\{i\\.p\\d+\\}\\}"`).test(tag)

test('view, catch-view and static-view bind every aria attribute WeChat reads', () => {
  // pure-view and click-view carry no other prop by design: the runtime uses them only for a view
  // without props, so a view given aria-* always lands in one of these.
  const views = openingTags('view').filter((t) => t.includes('hover-class'))
  expect(views.length).toBeGreaterThanOrEqual(3)
  for (const t of views) {
    for (const a of ['aria-role', 'aria-label', 'aria-hidden', 'aria-checked', 'aria-selected', 'aria-disabled']) {
      expect({ tag: t, attr: a, bound: bound(t, a) }).toEqual({ tag: t, attr: a, bound: true })
    }
  }
})

test('text, image and input bind the names and roles they need', () => {
  const texts = openingTags('text')
  expect(texts.length).toBeGreaterThanOrEqual(2)
  for (const t of texts) for (const a of ['aria-role', 'aria-label', 'aria-hidden']) expect(bound(t, a)).toBe(true)
  const images = openingTags('image')
  expect(images.length).toBeGreaterThanOrEqual(1)
  for (const t of images) for (const a of ['aria-role', 'aria-label', 'aria-hidden']) expect(bound(t, a)).toBe(true)
  const inputs = openingTags('input')
  expect(inputs.length).toBeGreaterThanOrEqual(1)
  for (const t of inputs) expect(bound(t, 'aria-label')).toBe(true)
})

test('the runtime learns the same props, so its short names (p0, p1, …) match the template', () => {
  const js = fs.readdirSync(dir).filter((f) => f.endsWith('.js'))
  const shipped = js.some((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('"aria-role":"","aria-label":""'))
  expect(shipped).toBe(true)
})

test('the production build has no local-cloud path: no demo users, no simulated camera, cloud functions only', () => {
  // src/services/platform.ts usesLocalCloud and friends are inline env tests the build folds away.
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { pages: string[] }
  expect(app.pages).not.toContain('pages/verify-sim/index')
  const js = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n')
  for (const local of ['X-WX-OPENID', '/local/demo-users', '/sim/verify/']) expect({ local, shipped: js.includes(local) }).toEqual({ local, shipped: false })
  expect(js).toMatch(/callFunction/)
})
