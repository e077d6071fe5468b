import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib'

/**
 * Reads PDFs the way a user's viewer does: with poppler (Debian's poppler-utils), not with the
 * library that wrote them. Missing poppler fails the test loudly; it never skips.
 */
export function requirePoppler(): void {
  for (const tool of ['pdftotext', 'pdftoppm']) {
    const r = spawnSync(tool, ['-v'], { encoding: 'utf8' })
    if (r.error) throw new Error(`${tool} (poppler) not found: apt-get install -y poppler-utils`)
  }
}

function run(tool: string, args: string[]): Buffer {
  const r = spawnSync(tool, args, { maxBuffer: 64 * 1024 * 1024 })
  if (r.error) throw new Error(`${tool} (poppler) not found: apt-get install -y poppler-utils`)
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

function withFile<T>(bytes: Uint8Array, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'poppler-'))
  try {
    const file = join(dir, 'doc.pdf')
    writeFileSync(file, bytes)
    return use(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** pdftotext in reading order (`-raw`), UTF-8. */
export function pdfText(bytes: Uint8Array): string {
  return withFile(bytes, (file) => run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString('utf8'))
}

export interface Gray {
  width: number
  height: number
  /** 0 black … 255 white, row by row. */
  pixels: Uint8Array
}

/** One page rendered by pdftoppm to 8-bit grey (PGM), at `dpi`. */
export function renderPage(bytes: Uint8Array, page: number, dpi = 100): Gray {
  const pgm = withFile(bytes, (file) => run('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), file]))
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))
  if (!header) throw new Error('pdftoppm did not write a PGM')
  const [, width, height] = header.map(Number)
  return { width, height, pixels: new Uint8Array(pgm.subarray(header[0].length, header[0].length + width * height)) }
}

/** One page as a PNG at `file` (96 dpi), for a person to look at. */
export function savePng(bytes: Uint8Array, page: number, file: string, dpi = 96): void {
  mkdirSync(dirname(file), { recursive: true })
  withFile(bytes, (pdf) => {
    run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdf, join(dirname(pdf), 'page')])
    copyFileSync(join(dirname(pdf), 'page.png'), file)
  })
}

/** Pixels darker than `below` inside a box (in pixels). */
export function inkIn(img: Gray, box: { x: number; y: number; w: number; h: number }, below = 200): number {
  let n = 0
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(img.height, Math.ceil(box.y + box.h)); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(img.width, Math.ceil(box.x + box.w)); x++) {
      if (img.pixels[y * img.width + x] < below) n++
    }
  }
  return n
}

/**
 * A copy of the PDF with one more page that draws each of `chars` alone in its own cell, in black,
 * through the FIRST page's own embedded font (its glyph ids read back from the font's ToUnicode
 * map). Rendering that page shows whether each glyph the document uses has an outline: an
 * earlier renderer embedded a subset whose glyphs had none, drawn as empty boxes.
 */
export async function glyphProbe(bytes: Uint8Array, chars: string[]): Promise<{ pdf: Uint8Array; page: number; cell: number; cols: number; missing: string[] }> {
  const doc = await PDFDocument.load(bytes)
  const fonts = doc.getPages()[0].node.Resources()!.lookup(PDFName.of('Font'), PDFDict)
  const fontRef = fonts.entries()[0][1] as PDFRef
  const font = doc.context.lookup(fontRef, PDFDict)
  const toUnicode = doc.context.lookup(font.get(PDFName.of('ToUnicode'))) as PDFRawStream
  const cmap = Buffer.from(decodePDFRawStream(toUnicode).decode()).toString('latin1')
  const gidOf = new Map<string, string>()
  for (const m of cmap.matchAll(/<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>/g)) {
    gidOf.set(String.fromCodePoint(parseInt(m[2], 16)), m[1].toUpperCase())
  }
  const cell = 40
  const cols = 12
  const page = doc.addPage([cols * cell, Math.ceil(chars.length / cols) * cell])
  page.node.setFontDictionary(PDFName.of('Probe'), fontRef)
  const ops = chars.map((ch, i) => {
    const gid = gidOf.get(ch) ?? '0000'
    const x = (i % cols) * cell + 8
    const y = page.getHeight() - (Math.floor(i / cols) + 1) * cell + 10
    return `BT /Probe 24 Tf 1 0 0 1 ${x} ${y} Tm <${gid}> Tj ET`
  })
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(ops.join('\n'))))
  const missing = chars.filter((ch) => !gidOf.has(ch))
  return { pdf: await doc.save(), page: doc.getPageCount(), cell, cols, missing }
}

