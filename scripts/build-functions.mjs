// Bundles each cloud function (cloudfunctions/functions/<name>/index.ts) into a deployable folder:
// <OUT_DIR>/<name>/{index.js, package.json, config.json}. ARCHITECTURE.md: source folders are not
// deployed as they are; project.config.json's cloudfunctionRoot points at OUT_DIR.
// @cloudbase/node-sdk stays external and is installed by CloudBase from package.json (cloud
// install), so the bundle holds only our code, zod, dayjs and @noble.
import { build } from 'esbuild'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const srcDir = join(root, 'cloudfunctions', 'functions')
const outDir = resolve(root, process.env.OUT_DIR || 'dist/cloudfunctions')
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const SDK = '@cloudbase/node-sdk'

// Platform code that must never reach a deployed bundle (ARCHITECTURE.md: local runtime only).
const FORBIDDEN = [/node_modules[\\/]better-sqlite3[\\/]/, /cloudfunctions[\\/]local[\\/]/, /adapters[\\/]sqlite[\\/]/]

// Per-function config.json; openapi lists cloud-invocable WeChat APIs (CLOUDBASE.md). The face
// APIs are not cloud-invocable (they use an access token), so auth needs none.
// ledgerAudit runs only on its timer (docs/DEPLOY.md §7): hourly at :17 (UTC+8), each run
// continues the full audit for up to its timeout less a margin; cloudbaserc.json repeats the trigger
// for `tcb fn trigger create` (test/unit/buildFunctions.test.ts keeps the two equal).
const CONFIG = {
  default: { permissions: { openapi: [] }, timeout: 20 },
  ledgerAudit: { permissions: { openapi: [] }, timeout: 60, triggers: [{ name: 'ledgerAuditHourly', type: 'timer', config: '0 17 * * * * *' }] },
  // The consent ledger's integrator (services/consent/integrator.ts): every second; a run holds the
  // lease and integrates while entries are pending, the triggers meanwhile end at once.
  ledgerIntegrate: { permissions: { openapi: [] }, timeout: 60, triggers: [{ name: 'ledgerIntegrateEverySecond', type: 'timer', config: '* * * * * * *' }] },
}

// Files a function reads at run time, copied beside its bundle: the space function's PDF font
// (cloudfunctions/adapters/pdf/cjkFont.ts looks in fonts/ next to index.js first).
// and HarfBuzz's subsetter (wasm) that cuts the font down to the glyphs a PDF uses.
const requireHere = createRequire(join(root, 'package.json'))
const HB_WASM = 'harfbuzzjs/dist/harfbuzz-subset.wasm'
const PDF_ASSETS = [
  [requireHere.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'), 'fonts/NotoSansSC_400Regular.ttf'],
  [requireHere.resolve(HB_WASM), 'wasm/harfbuzz-subset.wasm'],
]

// Heavy libraries loaded on first use go into files of their own beside the bundle, so a cold
// start does not parse them: the PDF maker (pdf-lib, fontkit, HarfBuzz's glue; its
// font and wasm go with it) as pdf.js, exceljs as excel.js. The bundle keeps `import('./pdf.js')`.
const APART = [
  { importer: 'pdfLibRenderer.ts', request: './credentialPdf', file: 'pdf.js', source: join(root, 'cloudfunctions/adapters/pdf/credentialPdf.ts') },
  { importer: 'exportDays.ts', request: '../../adapters/excel/workbook', file: 'excel.js', source: join(root, 'cloudfunctions/adapters/excel/workbook.ts') },
]
const apart = {
  name: 'apart',
  setup(b) {
    for (const a of APART) {
      const filter = new RegExp(`^${a.request.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`)
      b.onResolve({ filter }, (args) => (args.importer.endsWith(a.importer) ? { path: `./${a.file}`, external: true } : undefined))
    }
  },
}

// subset-font finds its wasm with require.resolve(), which a bundle without node_modules cannot
// answer: point it at the copy in wasm/ beside index.js. Its WOFF2 converter (wawoff2, 1.2 MB of
// JS) is never used for our TrueType font and is left out; asking for WOFF2 would throw.
const subsetFontForBundle = {
  name: 'subset-font-for-bundle',
  setup(b) {
    b.onResolve({ filter: /^wawoff2$/ }, () => ({ path: 'wawoff2', namespace: 'left-out' }))
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: `const no = () => { throw new Error('WOFF2 is not bundled (scripts/build-functions.mjs)') }
module.exports = { compress: no, decompress: no }`,
      loader: 'js',
    }))
    b.onLoad({ filter: /[\\/]subset-font[\\/]index\.js$/ }, ({ path }) => {
      const js = readFileSync(path, 'utf8')
      const call = `require.resolve('${HB_WASM}')`
      if (!js.includes(call)) throw new Error(`subset-font changed: ${call} not found in ${path}`)
      return { contents: js.replace(call, "require('path').join(__dirname, 'wasm', 'harfbuzz-subset.wasm')"), loader: 'js' }
    })
  },
}

const names = readdirSync(srcDir).filter((n) => existsSync(join(srcDir, n, 'index.ts')))
if (names.length === 0) throw new Error(`no cloudfunctions/functions/*/index.ts under ${srcDir}`)

for (const name of names) {
  const dest = join(outDir, name)
  rmSync(dest, { recursive: true, force: true })
  mkdirSync(dest, { recursive: true })
  const result = await build({
    entryPoints: [join(srcDir, name, 'index.ts')],
    outfile: join(dest, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: [SDK],
    metafile: true,
    plugins: [apart, subsetFontForBundle],
    legalComments: 'none',
    logLevel: 'warning',
  })
  const bad = Object.keys(result.metafile.inputs).filter((f) => FORBIDDEN.some((re) => re.test(f)))
  if (bad.length) throw new Error(`${name}: bundle pulls in local-only code:\n  ${bad.join('\n  ')}`)
  const inputs = Object.keys(result.metafile.inputs)
  const rendersPdf = inputs.some((f) => f.endsWith('pdfLibRenderer.ts'))
  for (const a of APART.filter((x) => inputs.some((f) => f.endsWith(x.importer)))) {
    await build({
      entryPoints: [a.source],
      outfile: join(dest, a.file),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: [SDK],
      plugins: [subsetFontForBundle],
      legalComments: 'none',
      logLevel: 'warning',
    })
  }

  const pkg = {
    name,
    version: rootPkg.version,
    private: true,
    main: 'index.js',
    dependencies: { [SDK]: rootPkg.dependencies[SDK] },
  }
  writeFileSync(join(dest, 'package.json'), JSON.stringify(pkg, null, 2) + '\n')
  writeFileSync(join(dest, 'config.json'), JSON.stringify(CONFIG[name] ?? CONFIG.default, null, 2) + '\n')
  for (const [from, to] of rendersPdf ? PDF_ASSETS : []) {
    mkdirSync(dirname(join(dest, to)), { recursive: true })
    copyFileSync(from, join(dest, to))
  }
  const kb = (statSync(join(dest, 'index.js')).size / 1024).toFixed(1)
  const shown = relative(root, join(dest, 'index.js'))
  console.log(`cloud function ${name}: ${shown.startsWith('..') || isAbsolute(shown) ? join(dest, 'index.js') : shown} ${kb} KB`)
}
