import { fromHex, toHex } from './hash'
import { appendNodes } from './proofs'

/**
 * The tree as tiles (C2SP tlog-tiles, adapted to a document database): tile (L, N) holds the
 * perfect-subtree hashes of levels 8L..8L+7 under the N-th node of level 8L+8, row k holding level
 * 8L+k, left to right. Unlike tlog-tiles, which keep only a tile's bottom row, a tile here keeps
 * every row, so a stored node is one lookup and the audit can compare each one.
 *
 * A tile that is not full yet is written under its width (`L/N.p/W`, as tlog-tiles' partial tiles)
 * and never rewritten: the width follows from the tree size, so a reader at size s asks for exactly
 * the tile written when the tree reached s, and a slow writer of an older width cannot shrink a
 * newer one. Entry bundles work the same way (256 entries each).
 */
export const TILE_HEIGHT = 8
export const TILE_WIDTH = 2 ** TILE_HEIGHT

/** Nodes of level 8L in tile N of a tree of `size` (0 when the tile does not exist yet). */
export function tileWidth(L: number, N: number, size: number): number {
  const count = Math.floor(size / 2 ** (TILE_HEIGHT * L))
  return Math.max(0, Math.min(TILE_WIDTH, count - TILE_WIDTH * N))
}

export const tileId = (L: number, N: number, width: number) => (width === TILE_WIDTH ? `${L}/${N}` : `${L}/${N}.p/${width}`)

/** Where node `level:index` lives: its tile, row, and place in the row. */
export function tileOf(level: number, index: number): { L: number; N: number; row: number; at: number } {
  const L = Math.floor(level / TILE_HEIGHT)
  const row = level % TILE_HEIGHT
  const span = 2 ** (TILE_HEIGHT - row)
  return { L, N: Math.floor(index / span), row, at: index % span }
}

/** The id of the tile holding node `level:index` in a tree of `size`, or null when that node is not complete there. */
export function tileIdOfNode(level: number, index: number, size: number): string | null {
  if (!Number.isSafeInteger(level) || !Number.isSafeInteger(index) || level < 0 || index < 0) return null
  const t = tileOf(level, index)
  const width = tileWidth(t.L, t.N, size)
  return t.at < Math.floor(width / 2 ** t.row) ? tileId(t.L, t.N, width) : null
}

/** A tile's rows: row k is the concatenated lower-case hex of its level-(8L+k) hashes. */
export type TileRows = string[]

export function nodeInTile(rows: TileRows, row: number, at: number): string | undefined {
  const s = rows[row]?.slice(at * 64, at * 64 + 64)
  return s && s.length === 64 ? s : undefined
}

/** The right-edge tiles of a tree of `size` that are not full: the only ones a batch extends. */
export function partialTileIds(size: number): string[] {
  const out: string[] = []
  for (let L = 0; 2 ** (TILE_HEIGHT * L) <= size; L++) {
    const count = Math.floor(size / 2 ** (TILE_HEIGHT * L))
    const N = Math.floor(count / TILE_WIDTH)
    const w = tileWidth(L, N, size)
    if (w > 0 && w < TILE_WIDTH) out.push(tileId(L, N, w))
  }
  return out
}

/**
 * Extends a tree of `from` leaves by `leafHashes` (hex). `known` holds the hashes of the partial
 * right-edge tiles at `from` (`level:index` → hex); every left sibling appendNodes asks for is
 * there or new. Returns the tiles to write (id → rows, each at its width at the new size) and
 * every node of the new tree's right edge, for the root.
 */
export function extendTiles(from: number, leafHashes: readonly string[], known: Map<string, string>): { tiles: Map<string, TileRows>; nodes: Map<string, string> } {
  const nodes = new Map(known)
  const touched = new Set<string>()
  leafHashes.forEach((h, i) => {
    const rows = appendNodes(from + i, fromHex(h)!, (l, x) => {
      const v = nodes.get(`${l}:${x}`)
      return v ? fromHex(v)! : undefined
    })
    for (const r of rows) {
      nodes.set(`${r.level}:${r.index}`, toHex(r.hash))
      const t = tileOf(r.level, r.index)
      touched.add(`${t.L}/${t.N}`)
    }
  })
  const size = from + leafHashes.length
  const tiles = new Map<string, TileRows>()
  for (const key of touched) {
    const [L, N] = key.split('/').map(Number)
    const width = tileWidth(L, N, size)
    const rows: TileRows = []
    for (let row = 0; row < TILE_HEIGHT; row++) {
      const span = 2 ** (TILE_HEIGHT - row)
      let s = ''
      for (let at = 0; at < Math.floor(width / 2 ** row); at++) {
        const h = nodes.get(`${L * TILE_HEIGHT + row}:${N * span + at}`)
        if (!h) throw new Error(`tile ${key}: node ${L * TILE_HEIGHT + row}:${N * span + at} is not known`)
        s += h
      }
      rows.push(s)
    }
    tiles.set(tileId(L, N, width), rows)
  }
  return { tiles, nodes }
}

/** The node keys (`level:index`) a tile of this id holds. */
export function tileKeys(id: string): string[] {
  const [L, N, , W] = id.split(/[/.]/).map((x) => (x === 'p' ? NaN : Number(x)))
  const width = Number.isFinite(W) ? W : TILE_WIDTH
  const out: string[] = []
  for (let row = 0; row < TILE_HEIGHT; row++) {
    const span = 2 ** (TILE_HEIGHT - row)
    for (let at = 0; at < Math.floor(width / 2 ** row); at++) out.push(`${L * TILE_HEIGHT + row}:${N * span + at}`)
  }
  return out
}

/** Every node (`level:index` → hex) a tile's rows hold. */
export function nodesOfTile(id: string, rows: TileRows): Map<string, string> {
  const [L, N] = id.split(/[/.]/).map(Number)
  const out = new Map<string, string>()
  rows.forEach((r, row) => {
    const span = 2 ** (TILE_HEIGHT - row)
    for (let at = 0; at * 64 < r.length; at++) out.set(`${L * TILE_HEIGHT + row}:${N * span + at}`, r.slice(at * 64, at * 64 + 64))
  })
  return out
}

/** Entry bundles: 256 entries each, partial ones under their width like tiles. */
export const BUNDLE_SIZE = 256
export const bundleWidth = (N: number, size: number) => Math.max(0, Math.min(BUNDLE_SIZE, size - BUNDLE_SIZE * N))
export const bundleId = (N: number, width: number) => (width === BUNDLE_SIZE ? `${N}` : `${N}.p/${width}`)
