import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Noto Sans SC Regular (SIL OFL), shipped by the npm package @expo-google-fonts/noto-sans-sc.
 * A deployed bundle carries it in `fonts/` beside index.js (scripts/build-functions.mjs copies
 * it); locally it is read from node_modules. Only the glyphs used are embedded (subset).
 */
export const FONT_FILE = 'NotoSansSC_400Regular.ttf'
export const FONT_PACKAGE_PATH = `@expo-google-fonts/noto-sans-sc/400Regular/${FONT_FILE}`

let cached: Uint8Array | null = null

export function loadCjkFont(): Uint8Array {
  if (cached) return cached
  const beside = path.join(__dirname, 'fonts', FONT_FILE)
  const file = existsSync(beside) ? beside : require.resolve(FONT_PACKAGE_PATH)
  cached = new Uint8Array(readFileSync(file))
  return cached
}
