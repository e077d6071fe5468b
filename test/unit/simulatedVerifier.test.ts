import { SimulatedFaceVerifier } from '../../cloudfunctions/adapters/face-sim/simulatedVerifier'
import type { VerifySubject } from '../../cloudfunctions/ports/faceVerifier'

const subject: VerifySubject = { method: 'face', openid: 'o1', outSeqNo: 'seq000001', certName: '陈美玲', certNo: '441302198506120324' }

describe('SimulatedFaceVerifier', () => {
  let now = 1_000
  const make = () => new SimulatedFaceVerifier({ now: () => now }, 60_000)
  beforeEach(() => {
    now = 1_000
  })

  it('is pending until the simulated camera reports, then answers that outcome', async () => {
    const v = make()
    const { verifyId, expiresAt } = await v.start(subject)
    expect(expiresAt).toBe(61_000)
    await expect(v.query(verifyId, subject)).resolves.toBe('pending')
    expect(v.report(verifyId, 'no_record')).toBe(true)
    await expect(v.query(verifyId, subject)).resolves.toBe('no_record')
  })

  it('gives unique verify ids and binds the outcome to the person it was started for', async () => {
    const v = make()
    const a = await v.start(subject)
    const b = await v.start(subject)
    expect(a.verifyId).not.toBe(b.verifyId)
    v.report(a.verifyId, 'pass')
    await expect(v.query(a.verifyId, { ...subject, certNo: '44010619880304152X' })).resolves.toBe('failed')
    await expect(v.query(a.verifyId, { ...subject, openid: 'o2' })).resolves.toBe('failed')
    await expect(v.query('sim_unknown', subject)).resolves.toBe('failed')
  })

  it('refuses reports for unknown or expired verify ids', async () => {
    const v = make()
    const { verifyId } = await v.start(subject)
    expect(v.report('sim_unknown', 'pass')).toBe(false)
    now += 60_000
    expect(v.report(verifyId, 'pass')).toBe(false)
  })
})
