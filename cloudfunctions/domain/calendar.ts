/**
 * Dates in Asia/Shanghai (ARCHITECTURE.md), whatever the server's zone. China has had no daylight
 * saving since 1991, so a fixed +08:00 offset is exact for every date a living person needs.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

/** `now` (epoch ms) as YYYYMMDD in Shanghai. */
export function shanghaiYmd(now: number): string {
  return new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '')
}

/** `at` (epoch ms) as `YYYY-MM-DD HH:mm` China time, for watermarks and screens. */
export function shanghaiDateTime(at: number): string {
  return new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}
