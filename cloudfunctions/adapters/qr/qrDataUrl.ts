/**
 * A QR code as a PNG data URL (qrcode). Loaded on the first call only, so a function's other
 * actions start without it (issue 11, cold start).
 */
export async function qrDataUrl(text: string, opts: { width: number; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): Promise<string> {
  const QRCode = (await import('qrcode')).default
  return QRCode.toDataURL(text, { margin: 1, ...opts })
}
