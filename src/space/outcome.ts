import type { SpaceReason } from '../../types/space'

/**
 * Hands a refusal to the dead-end page within one run of the app (pages cannot pass objects in
 * the URL). After a reload the page says so and offers the way back instead of a blank screen.
 */
/** done: what did succeed (a partial claim), said above the reasons so it is not lost. */
export type Refusal = { title: string; reasons: SpaceReason[]; done?: string }
let pending: Refusal | null = null

export function showRefusal(title: string, reasons: SpaceReason[], done?: string): void {
  pending = { title, reasons, done }
}

export function takeRefusal(): Refusal | null {
  return pending
}
