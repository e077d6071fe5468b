import { codeDigitsFrom, codeState, GOV_CODE_DIGITS, groupDigits, parseScanned, qrPayload } from '../../cloudfunctions/domain/counter/govCode'
import { allowedFields, matterById, MATTERS } from '../../cloudfunctions/domain/counter/matters'
import { detailSections } from '../../cloudfunctions/domain/space/credentialView'

describe('政务码 rules', () => {
  it('12 digits from random bytes, zero-padded, and values past the unbiased ceiling are drawn again', () => {
    const draws = [new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), new Uint8Array([0, 0, 0, 0, 7])]
    let i = 0
    const d = codeDigitsFrom(() => draws[i++])
    expect(d).toBe('000000000007')
    expect(i).toBe(2) // 2^40 - 1 lies above the largest multiple of 10^12 below 2^40: redrawn
    expect(d).toHaveLength(GOV_CODE_DIGITS)
  })

  it('reads what a scanner or keyboard gives: the QR payload, or the 12 digits with spaces', () => {
    const qr = qrPayload('123456789012', 1_700_000_060_000, 'ab'.repeat(16))
    expect(parseScanned(qr)).toEqual({ ok: true, kind: 'qr', digits: '123456789012', expiresAt: 1_700_000_060_000, signed: qr.slice(0, qr.lastIndexOf('.')), signature: 'ab'.repeat(16) })
    expect(parseScanned(' 1234 5678 9012 ')).toEqual({ ok: true, kind: 'typed', digits: '123456789012' })
    expect(groupDigits('123456789012')).toBe('1234 5678 9012')
    for (const bad of ['', '12345678901', '1234567890123', 'ZWM1.123456789012.zz', 'ZWM2.123456789012.abc.' + 'a'.repeat(32), 'ZWM1.123456789012.abc.XYZ', '<script>']) {
      expect(parseScanned(bad)).toEqual({ ok: false })
    }
  })

  it('a code is live until the millisecond it expires, and used once', () => {
    expect(codeState({ expiresAt: 1000, usedAt: null }, 999)).toBe('live')
    expect(codeState({ expiresAt: 1000, usedAt: null }, 1000)).toBe('expired')
    expect(codeState({ expiresAt: 1000, usedAt: 500 }, 600)).toBe('used')
  })
})

describe('matters: what a counter may read', () => {
  it('every allowed field is a real row of the credential’s detail (the form can fill it)', () => {
    const sample = {
      id_card: { type: 'id_card', data: { name: '李婉婷', sex: '女', birthDate: '1985-12-24', idNumber: '441302198512241085' } },
    } as const
    const keys = detailSections(sample.id_card as never).flatMap((s) => s.fields.map((f) => f.key))
    expect(allowedFields(matterById('enrol-review')!, 'id_card').every((f) => keys.includes(f))).toBe(true)
    expect(allowedFields(matterById('household-settle')!, 'property')).toEqual([])
    expect(new Set(MATTERS.map((m) => m.id)).size).toBe(MATTERS.length)
  })
})
