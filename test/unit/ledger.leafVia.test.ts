import { decodeLeaf, encodeLeaf, type LedgerLeaf } from '../../cloudfunctions/domain/ledger/leaf'

/** The ledger leaf's optional `via` (a 评价器 confirmation names the device and the staff member). */
const leaf: LedgerLeaf = { v: 1, consent: 'counter:cc_abcdefgh', action: 'grant', fields: 'ab'.repeat(32), actor: 'p'.repeat(32), at: 1_700_000_000_000 }

it('a leaf without `via` is spelled exactly as before (old leaves keep their hashes)', () => {
  expect(encodeLeaf(leaf)).toBe(`{"v":1,"consent":"counter:cc_abcdefgh","action":"grant","fields":"${'ab'.repeat(32)}","actor":"${'p'.repeat(32)}","at":1700000000000}`)
  expect(decodeLeaf(encodeLeaf(leaf))).toEqual(leaf)
})

it('`via` goes last, round-trips, and must be a string in canonical position', () => {
  const via = { ...leaf, via: `kiosk:PJQ-ABC234;staff:${'s'.repeat(32)}` }
  const text = encodeLeaf(via)
  expect(text.endsWith(`,"via":"kiosk:PJQ-ABC234;staff:${'s'.repeat(32)}"}`)).toBe(true)
  expect(decodeLeaf(text)).toEqual(via)
  expect(decodeLeaf(text.replace('"via":"kiosk', '"via":1,"x":"kiosk'))).toBeNull()
  expect(decodeLeaf(JSON.stringify({ via: via.via, ...leaf }))).toBeNull()
})
