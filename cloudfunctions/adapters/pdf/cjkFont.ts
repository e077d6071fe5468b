import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import subsetFont from 'subset-font'

/**
 * Noto Sans SC Regular (SIL OFL), shipped by the npm package @expo-google-fonts/noto-sans-sc.
 * A deployed bundle carries it in `fonts/` beside index.js (scripts/build-functions.mjs copies
 * it); locally it is read from node_modules.
 */
export const FONT_FILE = 'NotoSansSC_400Regular.ttf'
export const FONT_PACKAGE_PATH = `@expo-google-fonts/noto-sans-sc/400Regular/${FONT_FILE}`

let cached: Buffer | null = null

export function loadCjkFont(): Buffer {
  if (cached) return cached
  const beside = path.join(__dirname, 'fonts', FONT_FILE)
  const file = existsSync(beside) ? beside : require.resolve(FONT_PACKAGE_PATH)
  cached = readFileSync(file)
  return cached
}

/**
 * A TrueType font holding only the glyphs of `text`, cut by HarfBuzz (hb-subset, through the npm
 * package subset-font). pdf-lib embeds it as it is (`subset: false`): @pdf-lib/fontkit's own
 * subsetter wrote Noto Sans SC glyphs without outlines, so poppler and Ghostscript drew most
 * characters as empty boxes. Hinting and layout tables are dropped: the PDF draws
 * glyph by glyph from the cmap, and viewers scale outlines themselves.
 */
export async function cjkFontSubset(text: string): Promise<Uint8Array> {
  // Every code point drawn, plus the space the layout may put between watermark lines.
  const chars = Array.from(new Set(Array.from(text + ' '))).join('')
  return subsetFont(loadCjkFont(), chars, {
    targetFormat: 'truetype',
    noHinting: true,
    noLayoutClosure: true,
    dropTables: ['GSUB', 'GPOS', 'GDEF', 'BASE', 'vhea', 'vmtx', 'VORG'],
  })
}
