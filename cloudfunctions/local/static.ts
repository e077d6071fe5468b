import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { contentType } from './http'

const NO_BUILD_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>本地云已启动</title></head>
<body style="font-family:sans-serif;padding:24px;line-height:1.6">
<h1>本地云已启动</h1><p>尚未找到 H5 构建产物（dist/h5）。请先运行 <code>npm run build:h5</code>，然后刷新本页。</p>
<p>云函数接口：<code>POST /cloud/&lt;函数名&gt;</code></p></body></html>`

/**
 * Serves the H5 build; unknown paths get index.html so browser-mode routes load the app.
 * `decodedPath` comes decoded from the router (local/router.ts: bad escapes and NUL never get
 * here). The file is resolved, symlinks included, and must stay inside h5Dir: no `..`, encoded
 * or not, and no link inside the build leads out of it.
 */
export function serveStatic(h5Dir: string, decodedPath: string, res: ServerResponse): void {
  const root = path.resolve(h5Dir)
  const index = path.join(root, 'index.html')
  if (!existsSync(index)) {
    res.writeHead(decodedPath === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    res.end(NO_BUILD_PAGE)
    return
  }
  let file = inside(root, path.resolve(root, '.' + decodedPath))
  if (!file) {
    // Asset-looking paths that are missing are a real 404, not the app shell.
    if (path.extname(decodedPath) && path.extname(decodedPath) !== '.html') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('not found')
      return
    }
    file = index
  }
  const body = readFileSync(file)
  res.writeHead(200, { 'content-type': contentType(path.extname(file)), 'content-length': body.length })
  res.end(body)
}

/** The file's real path if it is a regular file whose real path is under root's real path; else null. */
function inside(root: string, file: string): string | null {
  if (!file.startsWith(root + path.sep) || !existsSync(file)) return null
  const real = realpathSync(file)
  if (!real.startsWith(realpathSync(root) + path.sep) || !statSync(real).isFile()) return null
  return real
}
