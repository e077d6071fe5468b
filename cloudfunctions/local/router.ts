/**
 * Every route of the local cloud: its methods and its path, exact (a trailing
 * slash allowed) or a prefix whose rest is handed over decoded. The server dispatches from this
 * table and the bad-path suite (test/api/badPaths.test.ts) walks it, so a route added here is
 * tested with malformed, dotted, long and wrongly-methoded paths without anyone listing it again.
 * The last entry, the H5 build, takes every GET path nothing else did.
 */
export const LOCAL_ROUTES = [
  { name: 'cloud', methods: ['POST'], path: '/cloud/', rest: true },
  { name: 'simulatedCamera', methods: ['POST'], path: '/sim/verify/', rest: true },
  { name: 'demoUsers', methods: ['GET', 'HEAD'], path: '/local/demo-users', rest: false },
  // The witness keys the H5 app trusts on first use (the weapp pins them at build time).
  { name: 'localWitnesses', methods: ['GET', 'HEAD'], path: '/local/witnesses', rest: false },
  { name: 'healthz', methods: ['GET', 'HEAD'], path: '/healthz', rest: false },
  { name: 'files', methods: ['GET', 'HEAD'], path: '/files/', rest: true },
  { name: 'biz', methods: ['POST'], path: '/biz/', rest: true },
  { name: 'enrolmentDemo', methods: ['GET', 'HEAD'], path: '/demo/enrolment', rest: false },
  { name: 'counterApi', methods: ['POST'], path: '/counter/api/', rest: true },
  { name: 'counterKiosk', methods: ['GET', 'HEAD'], path: '/counter/kiosk', rest: false },
  { name: 'counterAssets', methods: ['GET', 'HEAD'], path: '/counter/assets/', rest: true },
  { name: 'counterDemo', methods: ['GET', 'HEAD'], path: '/counter/demo.json', rest: false },
  { name: 'counterDesk', methods: ['GET', 'HEAD'], path: '/counter', rest: false },
  // The local witness (C2SP tlog-witness): POST add-checkpoint, GET <sha256(origin)>/checkpoint.
  { name: 'witness', methods: ['GET', 'HEAD', 'POST'], path: '/witness/', rest: true },
  { name: 'h5', methods: ['GET', 'HEAD'], path: '/', rest: true },
] as const

export type LocalRoute = (typeof LOCAL_ROUTES)[number]
export type RouteName = LocalRoute['name']

/** Longer than any link the app or a business system makes (request codes, file ids, function names). */
export const MAX_PATH = 2048

export type Target = { ok: true; url: URL } | { ok: false; status: 400 | 414; message: string }

/**
 * The request target, checked before any route sees it: an origin-form path (`/…`), at most
 * MAX_PATH characters, whose percent-encoding decodes, without NUL or other control characters.
 * `.` and `..` segments (also as `%2e`) are resolved here as in any URL, so no route gets them.
 */
export function readTarget(raw: string | undefined): Target {
  if (typeof raw !== 'string' || !raw.startsWith('/')) return { ok: false, status: 400, message: '请求地址不正确，应以“/”开头' }
  const q = raw.indexOf('?')
  if ((q < 0 ? raw.length : q) > MAX_PATH) return { ok: false, status: 414, message: '请求地址过长，请检查链接是否完整、正确' }
  let url: URL
  try {
    // Glued to a fixed origin, not resolved against it: `//host/…` stays a path, never a host.
    url = new URL(`http://local${raw}`)
  } catch {
    return { ok: false, status: 400, message: '请求地址不正确，请检查链接是否完整、正确' }
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname)
  } catch {
    return { ok: false, status: 400, message: '请求地址中的“%”编码不正确，请检查链接是否完整、正确' }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return { ok: false, status: 400, message: '请求地址含有不允许的字符，请检查链接是否正确' }
  return { ok: true, url }
}

/** The first route whose path matches (the H5 build matches all), and the decoded rest after a prefix. */
export function matchRoute(pathname: string): { route: LocalRoute; rest: string } {
  for (const route of LOCAL_ROUTES) {
    if (route.rest ? pathname.startsWith(route.path) : pathname === route.path || pathname === `${route.path}/`) {
      // readTarget decoded the whole path; a suffix after an ASCII prefix decodes too.
      return { route, rest: route.rest ? decodeURIComponent(pathname.slice(route.path.length)) : '' }
    }
  }
  throw new Error('unreachable: the H5 route matches every path')
}

/** For logs: which route a request went to, never the rest of its path (it can carry a code or an id). */
export function routeNameOf(raw: string | undefined): string {
  // Called from the error handler: it must not throw itself, or the reply is never sent.
  try {
    const target = readTarget(raw)
    return target.ok ? matchRoute(target.url.pathname).route.name : 'bad-target'
  } catch {
    return 'bad-target'
  }
}
