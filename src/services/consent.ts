/** The consent subpackage (app.config.ts `subPackages`, root `consent`); tiny, so the home page can link it. */
export const CONSENT_PAGES = {
  open: '/consent/open/index',
  mine: '/consent/mine/index',
} as const

/** The 授权码 from a scanned QR code / link: `?code=`, or `scene` when opened by a mini-program code. */
export function codeFromParams(params: Record<string, string | undefined>): string {
  const raw = params.code ?? (params.scene ? decodeURIComponent(params.scene).replace(/^code=/, '') : '')
  return (raw ?? '').trim().toUpperCase()
}
