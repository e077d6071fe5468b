import type { SpaceReason } from '../../types/space'

/**
 * Hands a refusal to the dead-end page within one run of the app (pages cannot pass objects in
 * the URL). After a reload the page says so and offers the way back instead of a blank screen.
 */
let pending: { title: string; reasons: SpaceReason[] } | null = null

export function showRefusal(title: string, reasons: SpaceReason[]): void {
  pending = { title, reasons }
}

export function takeRefusal(): { title: string; reasons: SpaceReason[] } | null {
  return pending
}
