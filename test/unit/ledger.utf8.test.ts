import { utf8, utf8Spelled } from '../../cloudfunctions/domain/ledger/hash'

/**
 * The ledger's UTF-8 without TextEncoder (WeChat's engines on phones have none) must give the very
 * bytes TextEncoder gives, or the device would reject honest checkpoints and leaves as tampered.
 */
describe('ledger utf8 without TextEncoder', () => {
  const enc = new TextEncoder()
  const cases = [
    '',
    'example.gov.cn/consent-ledger\n12\n',
    '吴思涵 441302201809140829 户籍地址：惠州市惠城区',
    '\u2014 key+name',
    'emoji 👨‍👩‍👧 𠀋',
    '\u007f\u0080\u07ff\u0800\uffff',
    'lone high \ud800 here',
    'lone low \udc00 here',
    'high at the end \udbff',
    'reversed pair \udc00\ud800',
  ]

  it.each(cases)('%j', (s) => {
    expect(Array.from(utf8Spelled(s))).toEqual(Array.from(enc.encode(s)))
  })

  it('random strings of UTF-16 code units, surrogates included', () => {
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let n = 0; n < 2000; n++) {
      const units = Array.from({ length: next() % 12 }, () => (next() % 4 === 0 ? 0xd800 + (next() % 0x800) : next() % 0x10000))
      const s = String.fromCharCode(...units)
      expect(Array.from(utf8Spelled(s))).toEqual(Array.from(enc.encode(s)))
    }
  })

  it('uses TextEncoder where there is one', () => {
    expect(Array.from(utf8('授权'))).toEqual(Array.from(enc.encode('授权')))
  })
})
