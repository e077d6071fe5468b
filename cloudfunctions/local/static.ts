import { existsSync, readFileSync, statSync } from 'node:fs'
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
 * Paths are resolved and checked to stay inside h5Dir (no `..` escapes).
 */
export function serveStatic(h5Dir: string, urlPath: string, res: ServerResponse): void {
  const root = path.resolve(h5Dir)
  const index = path.join(root, 'index.html')
  if (!existsSync(index)) {
    res.writeHead(urlPath === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    res.end(NO_BUILD_PAGE)
    return
  }
  let decoded = urlPath
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    // A malformed escape cannot name a real file: fall through to the app shell.
  }
  let file = path.resolve(root, '.' + decoded)
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    // Asset-looking paths that are missing are a real 404, not the app shell.
    if (path.extname(urlPath) && path.extname(urlPath) !== '.html') {
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
