import { ed25519 } from '@noble/curves/ed25519.js'
import { publicKeyOf, signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { inclusionProof, lookupOfLeaves, rootOf } from '../../cloudfunctions/domain/ledger/proofs'
import type { Bundle } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { signPromise } from '../../cloudfunctions/domain/ledger/promise'
import { cosignCheckpoint, withCosignatures } from '../../cloudfunctions/domain/ledger/cosignature'
import { verifyRecord } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { consentNotice } from '../../cloudfunctions/domain/consent/notice'
import { MATTERS, serviceNoticeOf } from '../../cloudfunctions/domain/counter/matters'

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
// The local cloud's witness list (H5: trusted on first use, src/consent/integrity.ts).
const localRequest = jest.fn()
jest.mock('../../src/services/localCloud', () => ({ localRequest: (...a: unknown[]) => localRequest(...a) }))

import { checkIntegrity } from '../../src/consent/integrity'

const sk = ed25519.utils.randomSecretKey()
const texts = ['cs_a', 'cs_b', 'cs_a', 'cs_c'].map((consent, i) =>
  encodeLeaf({ v: 1, consent, action: i === 2 ? 'read' : 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_700_000_000_000 + i }),
)
const at = lookupOfLeaves(texts.map(leafHashOfText))
const witnessSk = ed25519.utils.randomSecretKey()
const WITNESS = { name: 'witness.test.local/w1', publicKey: toHex(publicKeyOf(witnessSk)), label: '测试见证节点' }
const cosigned = (note: string) => withCosignatures(note, cosignCheckpoint(note, WITNESS.name, witnessSk, 1_700_000_100))
const CONFIRMED = [{ label: '测试见证节点', time: 1_700_000_100 }]

function bundle(size: number): Bundle & { size: number; rootHash: string } {
  const rootHash = toHex(rootOf(size, at))
  return {
    origin: 'test.local/consent-ledger',
    keyName: 'test.local-ledger',
    publicKey: toHex(publicKeyOf(sk)),
    checkpoint: cosigned(signCheckpoint({ origin: 'test.local/consent-ledger', size, rootHash, timestamp: 7 }, 'test.local-ledger', sk)),
    size,
    rootHash,
    records: [{ index: 0, leaf: texts[0], inclusion: inclusionProof(0, size, at).map(toHex) }],
    consistency: null,
  }
}
const CS_A = { consentId: 'cs_a', revoked: false }

const PK = toHex(publicKeyOf(sk))
const env = { TARO_ENV: process.env.TARO_ENV, TARO_APP_LEDGER_PUBLIC_KEY: process.env.TARO_APP_LEDGER_PUBLIC_KEY }
/** What the weapp build bakes in from `.env.[mode]` (config/index.ts defaults the key to ""). */
function build(taroEnv: string | undefined, key: string | undefined) {
  for (const [k, v] of Object.entries({ TARO_ENV: taroEnv, TARO_APP_LEDGER_PUBLIC_KEY: key })) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
}

beforeEach(() => {
  storage.clear()
  callConsent.mockReset()
  localRequest.mockReset()
  localRequest.mockResolvedValue({ status: 200, body: { quorum: 1, witnesses: [WITNESS] } })
  build(undefined, undefined)
})
afterAll(() => build(env.TARO_ENV, env.TARO_APP_LEDGER_PUBLIC_KEY))

describe('授权说明 checked on the device against the proven grant leaf', () => {
  const notice = consentNotice({ systemName: '学校招生报名系统', purpose: '入学报名资格审核', applicationType: '2025惠城区义务教育', evidence: '户籍（户口簿, 出生证）', credentials: [{ title: '居民户口簿', fields: ['户号'] }], expiresAtText: '2026-12-22 10:00' })
  const other = consentNotice({ systemName: '学校招生报名系统', purpose: '入学报名及学位分配', applicationType: '2025惠城区义务教育', evidence: '户籍（户口簿, 出生证）', credentials: [{ title: '居民户口簿', fields: ['户号'] }], expiresAtText: '2026-12-22 10:00' })
  const leaves = [encodeLeaf({ v: 1, consent: 'cs_n', action: 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_700_000_000_000, notice: notice.hash }), texts[1]]
  const look = lookupOfLeaves(leaves.map(leafHashOfText))
  const rootHash = toHex(rootOf(2, look))
  const proven: Bundle = {
    origin: 'test.local/consent-ledger', keyName: 'test.local-ledger', publicKey: toHex(publicKeyOf(sk)),
    checkpoint: cosigned(signCheckpoint({ origin: 'test.local/consent-ledger', size: 2, rootHash, timestamp: 7 }, 'test.local-ledger', sk)),
    records: [{ index: 0, leaf: leaves[0], inclusion: inclusionProof(0, 2, look).map(toHex) }], consistency: null,
  }
  const CS_N = { consentId: 'cs_n', revoked: false }

  it('verifyRecord returns the proven grant\'s notice; the kept text hashing to it is ok', async () => {
    const v = verifyRecord(proven, CS_N, null)
    expect(v.ok && v.grantNotice).toBe(notice.hash)
    callConsent.mockResolvedValue({ consentId: 'cs_n', bundle: proven, notice: { hash: notice.hash, text: notice.text } })
    expect(await checkIntegrity('tok', CS_N)).toEqual({ ok: true, size: 2, at: 7, waitMs: 0, witnesses: CONFIRMED, notice: { check: 'ok', text: notice.text } })
  })

  it('the stored text edited after signing → mismatch, whatever hash the server says it is under', async () => {
    callConsent.mockResolvedValue({ consentId: 'cs_n', bundle: proven, notice: { hash: notice.hash, text: notice.text.replace('注销', '撤销') } })
    expect(await checkIntegrity('tok', CS_N)).toMatchObject({ ok: true, notice: { check: 'mismatch' } })
    // Another genuine text (a later version) passed off as the one agreed to: its own hash is not the leaf's.
    callConsent.mockResolvedValue({ consentId: 'cs_n', bundle: proven, notice: { hash: other.hash, text: other.text } })
    expect(await checkIntegrity('tok', CS_N)).toMatchObject({ ok: true, notice: { check: 'mismatch', text: other.text } })
  })

  it('the text gone → missing; a grant from before notices → none', async () => {
    callConsent.mockResolvedValue({ consentId: 'cs_n', bundle: proven, notice: null })
    expect(await checkIntegrity('tok', CS_N)).toMatchObject({ ok: true, notice: { check: 'missing', text: null } })
    storage.clear() // another ledger than the one this device saw above
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4), notice: { hash: notice.hash, text: notice.text } })
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: true, notice: { check: 'none' } })
  })
})

describe('checkIntegrity on the device', () => {
  it('passes a genuine record and stores the checkpoint it saw', async () => {
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: true, size: 4, at: 7, waitMs: 0, witnesses: CONFIRMED, notice: { check: 'none', text: null } })
    expect(callConsent).toHaveBeenCalledWith({ action: 'proof', sessionToken: 'tok', consentId: 'cs_a', knownSize: undefined })
    expect(storage.get('consent-ledger-seen')).toEqual({ size: 4, rootHash: toHex(rootOf(4, at)), publicKey: toHex(publicKeyOf(sk)) })
    // The local cloud's witness key, trusted on first use once a check passed with it.
    expect(storage.get('consent-ledger-witnesses')).toEqual([WITNESS])
  })

  it('a revocation promised, not yet integrated: ok, waiting until its merge deadline (已记录，等待入账); past it, the loud failure in Chinese', async () => {
    const revoke = encodeLeaf({ v: 1, consent: 'cs_a', action: 'revoke', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 5 })
    const promised = (mmd: number) => ({
      ...bundle(4),
      pending: [{ leaf: revoke, promise: signPromise({ origin: 'test.local/consent-ledger', leafHash: toHex(leafHashOfText(revoke)), timestamp: 5, mmd }, 'test.local-ledger', sk, publicKeyOf(sk)) }],
    })
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: promised(2000) })
    expect(await checkIntegrity('tok', { consentId: 'cs_a', revoked: true })).toEqual({ ok: true, size: 4, at: 7, waitMs: 1998, witnesses: CONFIRMED, notice: { check: 'none', text: null } })
    // The checkpoint (signed at 7) is past the promise's deadline (5 + 1): the entry was not integrated in time.
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: promised(1) })
    expect(await checkIntegrity('tok', { consentId: 'cs_a', revoked: true })).toEqual({ ok: false, code: 'merge-overdue', reason: expect.stringContaining('入账时限') })
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

  it('says 记录被改动 when the record is in the tree but its text was changed, not merely "not in the ledger"', async () => {
    const altered = bundle(4)
    altered.records[0] = { ...altered.records[0], leafHash: toHex(leafHashOfText(texts[0])), leaf: texts[0].replace('"grant"', '"read"') }
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: altered })
    const r = await checkIntegrity('tok', CS_A)
    expect(r).toEqual({ ok: false, code: 'altered', reason: expect.stringContaining('记录被改动') })
    if (!r.ok) expect(r.reason).not.toContain('不在账本中')
    expect(storage.size).toBe(0)
  })

  it.each([
    ['RECORD_ALTERED', 'altered', '记录被改动'],
    ['LEDGER_TAMPERED', 'ledger-tampered', '账本自检未通过'],
  ])('turns the server\'s refusal to sign (%s) into a warning, not 暂时无法校验', async (serverCode, code, words) => {
    callConsent.mockRejectedValue(Object.assign(new Error('refused'), { code: serverCode, hint: '…' }))
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: false, code, reason: expect.stringContaining(words) })
    expect(storage.size).toBe(0)
  })

  it('lets a transport failure through (the page says 暂时无法校验), storing nothing', async () => {
    callConsent.mockRejectedValue(new Error('network'))
    await expect(checkIntegrity('tok', CS_A)).rejects.toThrow('network')
    expect(storage.size).toBe(0)
  })
})

describe('checkIntegrity with the ledger key built into the weapp (TARO_APP_LEDGER_PUBLIC_KEY)', () => {
  const otherKey = toHex(publicKeyOf(ed25519.utils.randomSecretKey()))

  it('passes a bundle signed by the built-in key (no witnesses built in: none checked, none named)', async () => {
    build('weapp', PK)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: true, size: 4, at: 7, waitMs: 0, witnesses: [], notice: { check: 'none', text: null } })
    expect(localRequest).not.toHaveBeenCalled()
  })

  it('refuses, on a fresh device, a ledger signed by a key other than the built-in one', async () => {
    build('weapp', otherKey)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: false, code: 'key-not-pinned', reason: '账本签名密钥与小程序内置的不一致' })
    expect(storage.size).toBe(0)
  })

  it.each([['too short', PK.slice(1)], ['base64', Buffer.from(PK, 'hex').toString('base64')], ['quoted', `"${PK}"`]])(
    'refuses with a %s built-in key instead of trusting the first key it sees',
    async (_n, key) => {
      build('weapp', key)
      callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
      expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: false, code: 'bad-pin', reason: '小程序内置的账本公钥格式有误，无法校验' })
      expect(storage.size).toBe(0)
    },
  )

  it('falls back to trust on first use when the weapp has no built-in key', async () => {
    build('weapp', '')
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: true })
    storage.set('consent-ledger-seen', { ...(storage.get('consent-ledger-seen') as object), publicKey: otherKey })
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: false, code: 'key-changed' })
  })

  it('does not pin in the H5 app: it talks to the local cloud, whose key is per data folder', async () => {
    build('h5', otherKey)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: true, size: 4, at: 7, waitMs: 0, witnesses: CONFIRMED, notice: { check: 'none', text: null } })
  })
})

describe('checkIntegrity with witnesses (C2SP cosignatures): built into the weapp, trusted on first use in H5', () => {
  const unwitnessed = () => {
    const b = bundle(4)
    return { ...b, checkpoint: b.checkpoint.split('\n').filter((l) => !l.startsWith(`\u2014 ${WITNESS.name} `)).join('\n') }
  }
  const setWitnesses = (v: string | undefined, quorum?: string) => {
    for (const [k, x] of Object.entries({ TARO_APP_LEDGER_WITNESSES: v, TARO_APP_LEDGER_WITNESS_QUORUM: quorum })) {
      if (x === undefined) delete process.env[k]
      else process.env[k] = x
    }
  }
  afterEach(() => setWitnesses(undefined))

  it('weapp: a checkpoint cosigned by the built-in witness passes and names it by its label', async () => {
    build('weapp', PK)
    setWitnesses(`${WITNESS.name}=${WITNESS.publicKey}=广东省教育厅见证节点`)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: true, size: 4, at: 7, waitMs: 0, witnesses: [{ label: '广东省教育厅见证节点', time: 1_700_000_100 }], notice: { check: 'none', text: null } })
  })

  it('weapp: without the quorum of built-in witnesses, the loud warning (unwitnessed), nothing stored', async () => {
    build('weapp', PK)
    setWitnesses(`${WITNESS.name}=${WITNESS.publicKey}=广东省教育厅见证节点`)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: unwitnessed() })
    expect(await checkIntegrity('tok', CS_A)).toEqual({ ok: false, code: 'unwitnessed', reason: expect.stringContaining('见证方') })
    // Cosigned by a witness the app does not know: the same.
    setWitnesses(`${WITNESS.name}=${toHex(publicKeyOf(ed25519.utils.randomSecretKey()))}=别的见证节点`)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: false, code: 'unwitnessed' })
    // A quorum of 2 with one witness cosigning: the same.
    setWitnesses(`${WITNESS.name}=${WITNESS.publicKey}=广东省教育厅见证节点`, '2')
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: false, code: 'unwitnessed' })
    expect(storage.size).toBe(0)
  })

  it('H5: the local witness key is trusted once a check passes with it; a checkpoint without its cosignature is refused', async () => {
    build('h5', undefined)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: unwitnessed() })
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: false, code: 'unwitnessed' })
    expect(storage.size).toBe(0)
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: bundle(4) })
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: true, witnesses: CONFIRMED })
    // Kept: a local cloud that later names another witness key is not believed.
    localRequest.mockResolvedValue({ status: 200, body: { quorum: 1, witnesses: [{ ...WITNESS, publicKey: toHex(publicKeyOf(ed25519.utils.randomSecretKey())) }] } })
    callConsent.mockResolvedValue({ consentId: 'cs_a', bundle: unwitnessed() })
    expect(await checkIntegrity('tok', CS_A)).toMatchObject({ ok: false, code: 'unwitnessed' })
    expect(localRequest).toHaveBeenCalledTimes(2)
  })

  it('the server refusing for want of witnesses just now (LEDGER_UNWITNESSED) is no verdict: 暂时无法校验, nothing stored', async () => {
    callConsent.mockRejectedValue(Object.assign(new Error('refused'), { code: 'LEDGER_UNWITNESSED', hint: '…' }))
    await expect(checkIntegrity('tok', CS_A)).rejects.toMatchObject({ code: 'LEDGER_UNWITNESSED' })
    expect(storage.size).toBe(0)
  })
})

describe('a counter 服务授权 (窗口办理) checked with the same verifier, on the counter\'s own proof call', () => {
  const notice = serviceNoticeOf('惠州市实验小学·新生入学现场审核窗口（演示）', MATTERS.find((m) => m.id === 'enrol-review')!, new Set(['household_register'] as const))
  const leaf = (action: 'grant' | 'read' | 'revoke', i: number, extra: { notice?: string } = {}) =>
    encodeLeaf({ v: 1, consent: 'counter:cs_k1', action, fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_700_000_000_000 + i, ...extra })
  // The grant, a read at the desk (the same consent id), another consent, the holder's 结束授权.
  const leaves = [leaf('grant', 0, { notice: notice.hash }), leaf('read', 1), texts[1], leaf('revoke', 3)]
  const look = lookupOfLeaves(leaves.map(leafHashOfText))
  const proven = (size: number, indexes: number[]): Bundle => {
    const rootHash = toHex(rootOf(size, look))
    return {
      origin: 'test.local/consent-ledger', keyName: 'test.local-ledger', publicKey: toHex(publicKeyOf(sk)),
      checkpoint: cosigned(signCheckpoint({ origin: 'test.local/consent-ledger', size, rootHash, timestamp: 7 }, 'test.local-ledger', sk)),
      records: indexes.map((index) => ({ index, leaf: leaves[index], inclusion: inclusionProof(index, size, look).map(toHex) })), consistency: null,
    }
  }
  const COUNTER = { consentId: 'counter:cs_k1', revoked: false }

  it('the kept 授权说明 hashing to the grant leaf\'s notice is ok; consent\'s proof is never asked', async () => {
    const fetchProof = jest.fn().mockResolvedValue({ bundle: proven(3, [0]), notice: { hash: notice.hash, text: notice.text } })
    expect(await checkIntegrity('tok', COUNTER, fetchProof)).toEqual({ ok: true, size: 3, at: 7, waitMs: 0, witnesses: CONFIRMED, notice: { check: 'ok', text: notice.text } })
    expect(fetchProof).toHaveBeenCalledWith(undefined)
    expect(callConsent).not.toHaveBeenCalled()
  })

  it('an edited 授权说明 text → mismatch (the warning), though the record itself checks out', async () => {
    const edited = notice.text.replace('窗口将读取', '窗口可读取')
    expect(edited).not.toBe(notice.text)
    const fetchProof = jest.fn().mockResolvedValue({ bundle: proven(3, [0]), notice: { hash: notice.hash, text: edited } })
    expect(await checkIntegrity('tok', COUNTER, fetchProof)).toMatchObject({ ok: true, notice: { check: 'mismatch', text: edited } })
  })

  it('an ended case proves its revoke; one the phone shows as ended without it is the loud revoke-missing; the seen size is passed on', async () => {
    const first = jest.fn().mockResolvedValue({ bundle: proven(3, [0]), notice: { hash: notice.hash, text: notice.text } })
    expect(await checkIntegrity('tok', COUNTER, first)).toMatchObject({ ok: true, size: 3 })
    const missing = jest.fn().mockResolvedValue({ bundle: proven(3, [0]), notice: { hash: notice.hash, text: notice.text } })
    expect(await checkIntegrity('tok', { ...COUNTER, revoked: true }, missing)).toMatchObject({ ok: false, code: 'revoke-missing' })
    const grown = { ...proven(4, [0, 3]), consistency: null }
    const ended = jest.fn().mockResolvedValue({ bundle: grown, notice: { hash: notice.hash, text: notice.text } })
    // The device saw size 3: the proof must extend it (no consistency proof here → refused as inconsistent, nothing kept).
    expect(await checkIntegrity('tok', { ...COUNTER, revoked: true }, ended)).toMatchObject({ ok: false })
    expect(ended).toHaveBeenCalledWith(3)
    storage.clear()
    expect(await checkIntegrity('tok', { ...COUNTER, revoked: true }, ended)).toMatchObject({ ok: true, size: 4, notice: { check: 'ok' } })
  })

  it('checks started together (a consent card and a counter card) run one after the other: the second asks from the checkpoint the first kept', async () => {
    const a = jest.fn().mockResolvedValue({ bundle: proven(3, [0]), notice: { hash: notice.hash, text: notice.text } })
    const b = jest.fn().mockResolvedValue({ bundle: proven(3, [0]), notice: { hash: notice.hash, text: notice.text } })
    const [ra, rb] = await Promise.all([checkIntegrity('tok', COUNTER, a), checkIntegrity('tok', COUNTER, b)])
    expect([ra.ok, rb.ok]).toEqual([true, true])
    expect(a).toHaveBeenCalledWith(undefined)
    expect(b).toHaveBeenCalledWith(3)
  })
})
