import { openCheckpoint, type Checkpoint } from '../ledger/checkpoint'
import { verifyCosignatures, type WitnessKey } from '../ledger/cosignature'
import { fromHex } from '../ledger/hash'
import { decodeLeaf, fieldSetHash, leafHashOfText, type LedgerAction } from '../ledger/leaf'
import { verifyInclusion } from '../ledger/proofs'
import { parseTlogProof } from '../ledger/tlogProof'
import { ConsentReceipt, RECEIPT_STATE_TEXT } from '../../../types/consentReceipt'

export * from '../../../types/consentReceipt'

/**
 * 授权凭证: a receipt of one consent that anyone can check offline with the log's (and witnesses')
 * public keys only (SPEC §4 tamper-evident ledger). Pure: runs in the mini-program and in Node.
 *
 * The record follows the consent record information structure of ISO/IEC TS 27560:2023 where its
 * fields fit (names as in the DPVCG guide to 27560, camelCase):
 *   recordId              ← the consent id (the ledger leaf's `consent`)
 *   piiControllers        ← the platform that holds the credentials and shares them on the holder's word
 *   recipientThirdParties ← the business system the fields go to
 *   purposes              ← the business system's registered purpose and the application it is for
 *   piiInformation        ← the credential, the (masked) item and the field keys with their labels
 *   piiPrincipal          ← the student, masked only (`**阳`): no name, ID number or openid
 *   eventTime             ← when it was granted (epoch ms) — the ledger leaf's `at` is what is proven
 *   validityDuration      ← valid until (epoch ms); not in the ledger, so not proven by the receipt
 *   eventState            ← active / revoked / expired (有效 / 已撤销 / 已过期), with the revocation time
 *   privacyNotice         ← SHA-256 of the notice shown, when the ledger leaf carries one
 * Not carried: the holder (the leaf's actor is already a keyed pseudonym), ID numbers, openids.
 *
 * The evidence is one C2SP tlog-proof per ledger leaf (grant, and revoke when revoked), each
 * embedding the log's signed checkpoint with any witness cosignatures.
 */
/** What the verifier trusts, from outside the receipt: the log's key and, optionally, witnesses and a quorum. */
export interface ReceiptTrust {
  origin: string
  keyName: string
  /** Hex of the log's 32-byte Ed25519 public key. */
  publicKey: string
  witnesses?: WitnessKey[]
  /** How many of `witnesses` must have cosigned; default: all of them (0 when none are given). */
  quorum?: number
}

export type ReceiptFailure =
  | 'malformed' | 'trust-invalid' | 'proof-malformed' | 'origin-mismatch' | 'log-signature'
  | 'inclusion' | 'leaf-malformed' | 'leaf-other-consent' | 'leaf-action' | 'fields-mismatch'
  | 'notice-mismatch' | 'time-mismatch' | 'revoke-missing' | 'state-mismatch' | 'quorum'

export interface ProvenEntry { action: 'grant' | 'revoke'; index: number; at: number; treeSize: number; checkpointTime: number }

export interface ReceiptVerdict {
  ok: boolean
  /** Every failed check, in the order checked; empty when ok. */
  failures: Array<{ code: ReceiptFailure; message: string }>
  /** What the checks that passed establish (null until the receipt at least parses). */
  proven: {
    consentId: string
    state: 'active' | 'revoked' | 'expired'
    entries: ProvenEntry[]
    witnesses: Array<{ name: string; time: number }>
    quorum: number
    notice: string | null
  } | null
}

/** How far the record's times may sit from the ledger's: the leaf is written in the same call. */
export const TIME_SLACK_MS = 60_000

interface LeafLike { consent: string; action: LedgerAction; fields: string; at: number; notice: string | null }

/**
 * The leaf's fields, in its one canonical spelling (domain/ledger/leaf.ts), with the optional
 * `notice` (hex SHA-256 of the 授权说明 shown) that newer grant leaves carry: null when absent.
 */
export function readLeaf(text: string): LeafLike | null {
  const l = decodeLeaf(text)
  return l ? { consent: l.consent, action: l.action, fields: l.fields, at: l.at, notice: typeof l.notice === 'string' ? l.notice : null } : null
}

const MESSAGES: Record<ReceiptFailure, string> = {
  'malformed': '凭证文件格式不正确，不是本系统出具的授权凭证',
  'trust-invalid': '信任配置不正确（需要账本的来源、密钥名称和32字节公钥）',
  'proof-malformed': '账本证明（tlog-proof）格式不正确',
  'origin-mismatch': '账本来源与信任配置不符',
  'log-signature': '账本签名无效：检查点不是由信任的账本密钥签署的',
  'inclusion': '包含证明无效：该记录不在账本签署的树中',
  'leaf-malformed': '账本记录格式不正确',
  'leaf-other-consent': '账本记录属于另一条授权，与凭证中的授权不符',
  'leaf-action': '账本记录的类型与凭证不符',
  'fields-mismatch': '授权内容与账本记录的字段哈希不符：凭证中的授权内容被改动',
  'notice-mismatch': '告知书哈希与账本记录不符',
  'time-mismatch': '凭证中的时间与账本记录的时间不符',
  'revoke-missing': '凭证称授权已撤销，但没有附上撤销记录的账本证明',
  'state-mismatch': '凭证附有撤销记录，但授权状态不是已撤销',
  'quorum': '见证方确认数量不足',
}

/** Checks a receipt against the trusted keys; never throws. */
export function verifyReceipt(input: unknown, trust: ReceiptTrust): ReceiptVerdict {
  try {
    return check(input, trust)
  } catch {
    return { ok: false, failures: [{ code: 'malformed', message: MESSAGES.malformed }], proven: null }
  }
}

function check(input: unknown, trust: ReceiptTrust): ReceiptVerdict {
  const failures: ReceiptVerdict['failures'] = []
  const fail = (code: ReceiptFailure, detail?: string) => failures.push({ code, message: detail ? `${MESSAGES[code]}（${detail}）` : MESSAGES[code] })
  const parsed = ConsentReceipt.safeParse(input)
  if (!parsed.success) return { ok: false, failures: [{ code: 'malformed', message: MESSAGES.malformed }], proven: null }
  const r = parsed.data
  const logKey = typeof trust?.publicKey === 'string' ? fromHex(trust.publicKey) : null
  if (!logKey || logKey.length !== 32 || typeof trust.keyName !== 'string' || typeof trust.origin !== 'string') {
    return { ok: false, failures: [{ code: 'trust-invalid', message: MESSAGES['trust-invalid'] }], proven: null }
  }
  const witnesses = trust.witnesses ?? []
  const quorum = trust.quorum ?? witnesses.length
  if (!Number.isSafeInteger(quorum) || quorum < 0 || quorum > witnesses.length) {
    return { ok: false, failures: [{ code: 'trust-invalid', message: `${MESSAGES['trust-invalid']}：见证方门槛应在0到${witnesses.length}之间` }], proven: null }
  }
  const rec = r.record
  const entries: ProvenEntry[] = []
  let cosigned: Array<{ name: string; time: number }> | null = null
  let notice: string | null = null
  const label = (a: 'grant' | 'revoke') => (a === 'grant' ? '授权记录' : '撤销记录')

  const grants = r.ledger.filter((e) => e.action === 'grant')
  const revokes = r.ledger.filter((e) => e.action === 'revoke')
  if (grants.length !== 1 || revokes.length > 1) return { ok: false, failures: [{ code: 'malformed', message: `${MESSAGES.malformed}（应有一条授权记录${revokes.length > 1 ? '、至多一条撤销记录' : ''}）` }], proven: null }
  if (rec.eventState === 'revoked' && revokes.length === 0) fail('revoke-missing')
  if (rec.eventState !== 'revoked' && revokes.length > 0) fail('state-mismatch')
  if (rec.eventStateText !== RECEIPT_STATE_TEXT[rec.eventState]) fail('state-mismatch', '状态文字与状态不一致')

  for (const e of r.ledger) {
    const what = label(e.action)
    const p = parseTlogProof(e.proof)
    if (!p.ok) { fail('proof-malformed', `${what}：${p.reason}`); continue }
    const opened = openCheckpoint(p.proof.checkpoint, trust.keyName, logKey)
    if (!opened.ok) { fail('log-signature', `${what}：${opened.reason === 'unknown-key' ? '没有信任密钥的签名' : opened.reason === 'bad-signature' ? '签名不符' : '检查点格式不正确'}`); continue }
    const cp: Checkpoint = opened.checkpoint
    if (cp.origin !== trust.origin || r.log.origin !== trust.origin) { fail('origin-mismatch', `${what}：${cp.origin}`); continue }
    const inc = verifyInclusion(p.proof.index, cp.size, leafHashOfText(e.leaf), p.proof.inclusion, fromHex(cp.rootHash)!)
    if (!inc.ok) { fail('inclusion', `${what}：${inc.reason}`); continue }
    // Witnesses: every checkpoint in the receipt counts only as far as its own cosignatures go.
    const found = verifyCosignatures(p.proof.checkpoint, witnesses)
    cosigned = cosigned === null ? found : cosigned.filter((w) => found.some((f) => f.name === w.name))
    const leaf = readLeaf(e.leaf)
    if (!leaf) { fail('leaf-malformed', what); continue }
    if (leaf.consent !== rec.recordId) { fail('leaf-other-consent', what); continue }
    if (leaf.action !== e.action) { fail('leaf-action', `${what}：账本为 ${leaf.action}`); continue }
    let bad = false
    if (fieldSetHash(rec.piiInformation.fields.map((f) => f.key)) !== leaf.fields) { fail('fields-mismatch', what); bad = true }
    if (e.action === 'grant') {
      if ((rec.privacyNotice?.hash ?? null) !== leaf.notice) { fail('notice-mismatch', leaf.notice ? '账本记录有告知书哈希' : '账本记录没有告知书哈希'); bad = true }
      notice = leaf.notice
      if (Math.abs(rec.eventTime - leaf.at) > TIME_SLACK_MS) { fail('time-mismatch', '授权时间'); bad = true }
    } else if (rec.revokedAt === null || Math.abs(rec.revokedAt - leaf.at) > TIME_SLACK_MS) { fail('time-mismatch', '撤销时间'); bad = true }
    if (!bad) entries.push({ action: e.action, index: p.proof.index, at: leaf.at, treeSize: cp.size, checkpointTime: cp.timestamp })
  }
  const confirmed = cosigned ?? []
  if (confirmed.length < quorum) fail('quorum', `需要${quorum}个，有效${confirmed.length}个`)
  return {
    ok: failures.length === 0,
    failures,
    proven: { consentId: rec.recordId, state: rec.eventState, entries, witnesses: confirmed, quorum, notice },
  }
}
