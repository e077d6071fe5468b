/**
 * Masking for screens (SPEC §1: names like `**翔`, numbers like `34**************15`).
 * Code points, not UTF-16 units, so rare characters outside the BMP count as one.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length <= 1) return chars.join('')
  return '*'.repeat(chars.length - 1) + chars[chars.length - 1]
}

export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber)
  if (chars.length <= 4) return '*'.repeat(chars.length)
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('')
}
