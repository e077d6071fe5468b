import { ed25519 } from '@noble/curves/ed25519.js'
import { publicKeyOf, signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { inclusionProof, lookupOfLeaves, rootOf } from '../../cloudfunctions/domain/ledger/proofs'
import type { Bundle } from '../../cloudfunctions/domain/ledger/verifyRecord'

/** The device's side of SPEC §4 (src/consent/integrity.ts): the storage and the transport are stand-ins. */
const storage = new Map<string, unknown>()
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
  },
}))
const callConsent = jest.fn()
jest.mock('../../src/services/cloud', () => ({ callConsent: (...a: unknown[]) => callConsent(...a) }))

import { checkIntegrity } from '../../src/consent/integrity'

const sk = ed25519.utils.randomSecretKey()
const texts = ['cs_a', 'cs_b', 'cs_a', 'cs_c'].map((consent, i) =>
  encodeLeaf({ v: 1, consent, action: i === 2 ? 'read' : 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_700_000_000_000 + i }),
)
const at = lookupOfLeaves(texts.map(leafHashOfText))

function bundle(size: number): Bundle & { size: number; rootHash: string } {
  const rootHash = toHex(rootOf(size, at))
  return {
    origin: 'test.local/consent-ledger',
    keyName: 'test.local-ledger',
    publicKey: toHex(publicKeyOf(sk)),
    checkpoint: signCheckpoint({ origin: 'test.local/consent-ledger', size, rootHash, timestamp: 7 }, 'test.local-ledger', sk),
    size,
    rootHash,
    records: [{ index: 0, leaf: texts[0], inclusion: inclusionProof(0, size, at).map(toHex) }],
    consistency: null,
  }
}
const CS_A = { consentId: 'cs_a', revoked: false }

beforeEach(() => {
  storage.clear()
  callConsent.mockReset()
})

describe('checkIntegrity on the device', () => {
  it('passes a genuine record and stores the checkpoint it saw', async () => {
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: true, size: 4, at: 7 })
    expect(callConsent).toHaveBeenCalledWith({ action: 'proof', sessionToken: 'tok', consentId: 'cs_a', knownSize: undefined })
    expect([...storage.values()]).toEqual([{ size: 4, rootHash: toHex(rootOf(4, at)), publicKey: toHex(publicKeyOf(sk)) }])
  })

  it('refuses a tampered record in Chinese and leaves the stored checkpoint as it was', async () => {
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(3) })
    await checkIntegrity('tok', CS_A)
    const before = JSON.stringify([...storage.entries()])
    const tampered = bundle(4)
    tampered.records[0].leaf = tampered.records[0].leaf.replace(fieldSetHash(['address']), fieldSetHash(['headName']))
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: tampered })
    const r = await checkIntegrity('tok', CS_A)
    expect(r).toEqual({ ok: false, code: 'not-included', reason: expect.stringMatching(/[\u4e00-\u9fff]/) })
    expect(callConsent).toHaveBeenLastCalledWith(expect.objectContaining({ knownSize: 3 }))
    expect(JSON.stringify([...storage.entries()])).toBe(before)
  })

  it('refuses a revoked consent whose revocation is not shown, without storing anything', async () => {
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', { consentId: 'cs_a', revoked: true })).toEqual({ ok: false, code: 'revoke-missing', reason: '账本中缺少本授权的注销记录' })
    expect(storage.size).toBe(0)
  })

  it('lets a transport failure through (the page says 暂时无法校验), storing nothing', async () => {
    callConsent.mockRejectedValue(new Error('network'))
    await expect(checkIntegrity('tok', CS_A)).rejects.toThrow('network')
    expect(storage.size).toBe(0)
  })
})
