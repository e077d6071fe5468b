// `npm run build:desk`: the counter's two screens — the workstation (窗口受理台) and the 评价器 —
// as one React app bundled by esbuild into dist/desk: index.html, kiosk.html and assets/.
// DESK_API_BASE (default: same origin) is where the counter API is, e.g. the counter function's
// HTTP access domain when the pages are on CloudBase static hosting (docs/DEPLOY.md); DESK_OUT_DIR
// another output folder.
import { build } from 'esbuild'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Builds into `outDir` (default dist/desk); returns the files written. */
export async function buildDesk({ outDir = resolve(root, process.env.DESK_OUT_DIR || 'dist/desk'), apiBase = process.env.DESK_API_BASE ?? '' } = {}) {
  if (apiBase && !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(apiBase)) throw new Error(`DESK_API_BASE must be https://host (no path, no trailing slash): ${apiBase}`)
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(join(outDir, 'assets'), { recursive: true })
  const result = await build({
    entryPoints: { workstation: join(root, 'desk/workstation/main.tsx'), kiosk: join(root, 'desk/kiosk/main.tsx') },
    outdir: join(outDir, 'assets'),
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    target: ['chrome90', 'safari14'],
    jsx: 'automatic',
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"', DESK_API_BASE: JSON.stringify(apiBase) },
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
  })
  const outputs = Object.keys(result.metafile.outputs).map((f) => resolve(root, f))
  const asset = (entry, ext) => {
    const hit = outputs.find((f) => f.includes(`${join(outDir, 'assets')}/${entry}-`) && f.endsWith(ext))
    return hit ? `assets/${hit.split('/assets/')[1]}` : null
  }
  const page = (entry, title) => {
    const css = asset(entry, '.css')
    return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${css ? `<link rel="stylesheet" href="${css}">` : ''}
<script type="module" src="${asset(entry, '.js')}"></script>
</head>
<body><div id="root"></div><noscript>请启用浏览器的 JavaScript 后使用。</noscript></body>
</html>
`
  }
  writeFileSync(join(outDir, 'index.html'), page('workstation', '免证办 · 窗口受理台'))
  writeFileSync(join(outDir, 'kiosk.html'), page('kiosk', '窗口评价器 · 证照服务授权'))
  return outputs
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = Date.now()
  buildDesk().then(
    (files) => console.log(`desk built into ${process.env.DESK_OUT_DIR || 'dist/desk'} (${files.length} assets, ${Date.now() - t} ms)`),
    (err) => {
      console.error(`desk build failed: ${err.message}`)
      process.exit(1)
    },
  )
}
