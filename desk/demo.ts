/**
 * The local cloud hands the workstation its demo account and the simulated card reader's cards
 * (`GET /counter/demo.json`). Static hosting has no such file: no demo, and the reader is real.
 */
export interface DemoSetup {
  account: { operatorId: string; password: string } | null
  cards: Array<{ name: string; idNumber: string }>
}

export async function loadDemo(base: string): Promise<DemoSetup> {
  try {
    const res = await fetch(`${base}/counter/demo.json`, { cache: 'no-store' })
    if (!res.ok) return { account: null, cards: [] }
    const d = (await res.json()) as Partial<DemoSetup>
    return { account: d.account ?? null, cards: Array.isArray(d.cards) ? d.cards : [] }
  } catch {
    return { account: null, cards: [] }
  }
}
