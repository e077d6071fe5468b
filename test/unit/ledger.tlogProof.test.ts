import fc from 'fast-check'
import { formatTlogProof, parseTlogProof, TLOG_PROOF_HEADER } from '../../cloudfunctions/domain/ledger/tlogProof'
import { signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { fromBase64 } from '../../cloudfunctions/domain/ledger/hash'

/**
 * The example of https://c2sp.org/tlog-proof (C2SP/C2SP tlog-proof.md), verbatim: its signatures are
 * elided with `[...]`, so it parses as a proof (the checkpoint's signatures are checked elsewhere).
 */
const SPEC_EXAMPLE = `c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

— example.com/fancylog hI2DJw[...]1roloI=
— witness1.example mJirIklj[...]qY9v2B/5bg==
— witness2.example TnKKVHLX[...]xwYwrSjgow==
— witness3.example S4X82uH5[...]3oEcROGLFQ==
`

const note = signCheckpoint({ origin: 'school-space.local/consent-ledger', size: 5, rootHash: 'cd'.repeat(32), timestamp: 1_765_000_000_000 }, 'school-space.local-ledger', new Uint8Array(32).fill(3))
const h = (n: number) => new Uint8Array(32).fill(n)

describe('C2SP tlog-proof: format and strict parse', () => {
  it('parses the spec example and formats it back byte for byte', () => {
    const p = parseTlogProof(SPEC_EXAMPLE)
    if (!p.ok) throw new Error(p.reason)
    expect(p.proof.index).toBe(73894)
    expect(p.proof.inclusion).toHaveLength(5)
    expect(p.proof.extra).toEqual(fromBase64('YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ'))
    expect(p.proof.checkpoint.startsWith('example.com/fancylog\n109482\n')).toBe(true)
    expect(formatTlogProof(p.proof)).toBe(SPEC_EXAMPLE)
  })

  it('writes no extra line when there is none, and an empty path before the blank line', () => {
    const text = formatTlogProof({ extra: null, index: 0, inclusion: [], checkpoint: note })
    expect(text).toBe(`${TLOG_PROOF_HEADER}\nindex 0\n\n${note}`)
    expect(parseTlogProof(text)).toEqual({ ok: true, proof: { extra: null, index: 0, inclusion: [], checkpoint: note } })
  })

  it('round-trips any proof (fast-check, seeded)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 40 }), { nil: null }),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 64 }),
        (extra, index, inclusion) => {
          const text = formatTlogProof({ extra, index, inclusion, checkpoint: note })
          const back = parseTlogProof(text)
          return back.ok && formatTlogProof(back.proof) === text && back.proof.index === index
        },
      ),
      { seed: 27560, numRuns: 300 },
    )
  })

  const good = formatTlogProof({ extra: null, index: 12, inclusion: [h(1), h(2)], checkpoint: note })
  it.each([
    ['another header', good.replace('c2sp.org/tlog-proof@v1', 'c2sp.org/tlog-proof@v2'), 'header'],
    ['CRLF line ends', good.replace(/\n/g, '\r\n'), 'checkpoint'],
    ['a leading zero in the index', good.replace('index 12', 'index 012'), 'index'],
    ['a signed index', good.replace('index 12', 'index +12'), 'index'],
    ['two spaces before the index', good.replace('index 12', 'index  12'), 'index'],
    ['an index beyond the safe integers', good.replace('index 12', 'index 9007199254740993'), 'index'],
    ['no index line', good.replace('index 12\n', ''), 'index'],
    ['an empty extra', good.replace('index 12', 'extra \nindex 12'), 'extra'],
    ['unpadded base64 extra', good.replace('index 12', 'extra YWJjZA\nindex 12'), 'extra'],
    ['extra after the index', good.replace('index 12\n', 'index 12\nextra YWJj\n'), 'inclusion'],
    ['a 31-byte hash', good.replace(/\n([A-Za-z0-9+/]{43}=)\n/, `\n${Buffer.alloc(31, 1).toString('base64')}\n`), 'inclusion'],
    ['a hash with non-zero spare bits', good.replace('AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=', 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF='), 'inclusion'],
    ['url-safe base64', good.replace('AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=', 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg-='), 'inclusion'],
    ['no checkpoint', good.slice(0, good.indexOf('\n\n') + 2), 'checkpoint'],
    ['a checkpoint without its final newline', good.slice(0, -1), 'checkpoint'],
    ['a checkpoint without signatures', good.slice(0, good.lastIndexOf('\n\n') + 2), 'checkpoint'],
    ['not a string', 42 as unknown as string, 'header'],
  ])('refuses %s', (_, text, reason) => {
    expect(parseTlogProof(text)).toEqual({ ok: false, reason })
  })

  it('will not format a proof that has no spelling', () => {
    expect(() => formatTlogProof({ extra: new Uint8Array(0), index: 1, inclusion: [], checkpoint: note })).toThrow(RangeError)
    expect(() => formatTlogProof({ extra: null, index: -1, inclusion: [], checkpoint: note })).toThrow(RangeError)
    expect(() => formatTlogProof({ extra: null, index: 1, inclusion: [new Uint8Array(31)], checkpoint: note })).toThrow(RangeError)
    expect(() => formatTlogProof({ extra: null, index: 1, inclusion: [], checkpoint: 'not a note' })).toThrow(RangeError)
  })
})
