import Taro from '@tarojs/taro'
import { verifyRecord, type Bundle, type Expected, type Seen, type Verdict, type WitnessPolicy } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { callConsent } from '../services/cloud'
import { localRequest } from '../services/localCloud'
import { checkNotice, type NoticeCheck } from '../../cloudfunctions/domain/consent/notice'

/** Kept in the consent subpackage: the verifier pulls in Ed25519 and SHA-256, not for the main package. */
const SEEN_KEY = 'consent-ledger-seen'
/** The witness keys trusted on first use (H5 / local cloud only; the weapp pins them at build time). */
const WITNESSES_KEY = 'consent-ledger-witnesses'

/** A verdict on the record. A transport failure is not one: checkIntegrity throws, and the page says 暂时无法校验. */
export type Integrity =
  /**
   * `waitMs`: some of the consent's records are promised and not yet in the ledger (已记录，等待入账):
   * how long until the latest merge deadline, by the log's own signed times; 0 when all are in.
   */
  | {
      ok: true
      size: number
      at: number
      waitMs: number
      /** The trusted witnesses whose cosignatures are on the checkpoint: display label and time (s). */
      witnesses: Array<{ label: string; time: number }>
      notice: NoticeState
    }
  | { ok: false; code: Failure; reason: string }

/**
 * The 授权说明 agreed to, checked here: its text as the server keeps it, and whether it hashes to
 * the `notice` of the grant leaf just proven ('mismatch' / 'missing': 授权说明与账本记录不符).
 */
export interface NoticeState {
  check: NoticeCheck
  text: string | null
}

/** The device's own verdicts, and the server's refusal to sign while its ledger fails the audit. */
type Failure = Extract<Verdict, { ok: false }>['reason'] | 'ledger-tampered'

const REASONS: Record<Failure, string> = {
  'bad-pin': '小程序内置的账本公钥格式有误，无法校验',
  'key-not-pinned': '账本签名密钥与小程序内置的不一致',
  'key-changed': '账本签名密钥与本机上次记录的不一致',
  'bad-checkpoint': '账本签名校验失败',
  'bad-leaf': '授权记录内容与本授权不符',
  altered: '记录被改动：账本中这条授权记录的内容与其存证哈希不符',
  'not-included': '授权记录不在账本中',
  'ledger-tampered': '授权账本自检未通过，记录可能被改动，已暂停出具记录证明',
  'not-grant': '账本中找不到本授权的签署记录',
  'revoke-missing': '账本中缺少本授权的注销记录',
  inconsistent: '账本与本机上次看到的记录不一致（可能被改写）',
  'rolled-back': '账本记录比本机上次看到的少（可能被删除）',
  'bad-promise': '账本的入账承诺签名校验失败，或与本授权不符',
  'merge-overdue': '授权记录超过账本承诺的入账时限仍未入账（可能被丢弃）',
  unwitnessed: '这条授权记录没有得到足够的独立见证方确认（可能有人向不同的人出示了不同的记录）',
}

function readSeen(): Seen | null {
  const v = Taro.getStorageSync(SEEN_KEY) as Seen | '' | undefined
  return v && typeof v === 'object' && typeof v.size === 'number' ? v : null
}

/**
 * The ledger's public key built into the WeChat build (`TARO_APP_LEDGER_PUBLIC_KEY` in
 * `.env.[mode]`, docs/DEPLOY.md §7; `npm run ledger:pubkey` prints it). Only the weapp pins: the H5
 * app always talks to the local cloud, whose key is generated per data folder. Empty means not set
 * (config/index.ts defaults it to ""); anything else is passed on, so a malformed value refuses
 * (verifyRecord 'bad-pin') instead of quietly falling back to trust on first use.
 */
function pinnedKey(): string | undefined {
  if (process.env.TARO_ENV !== 'weapp') return undefined
  const v = process.env.TARO_APP_LEDGER_PUBLIC_KEY
  return v && v.trim() !== '' ? v : undefined
}

/** A trusted witness: its signed-note name, 64-hex public key and the label 我的授权 shows. */
interface TrustedWitness {
  name: string
  publicKey: string
  label: string
}

const quorumOf = (v: string | undefined, fallback: number) => (v && /^[0-9]+$/.test(v.trim()) ? Number(v.trim()) : fallback)

/**
 * `TARO_APP_LEDGER_WITNESSES` (docs/DEPLOY.md "Witnesses"): `;`-separated `<name>=<64 hex>=<label>`;
 * an entry that does not parse keeps its place with an empty key, so it can never count.
 */
export function parseWitnessSetting(v: string): TrustedWitness[] {
  return v
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const [name = '', key = '', ...label] = e.split('=')
      const publicKey = key.trim().toLowerCase()
      return { name: name.trim(), publicKey: /^[0-9a-f]{64}$/.test(publicKey) ? publicKey : '', label: label.join('=').trim() || name.trim() }
    })
}

function readTrusted(): TrustedWitness[] | null {
  const v = Taro.getStorageSync(WITNESSES_KEY) as TrustedWitness[] | '' | undefined
  return Array.isArray(v) && v.every((w) => typeof w?.name === 'string' && typeof w.publicKey === 'string') ? v : null
}

/**
 * The witnesses this device trusts and the quorum. The WeChat build pins them
 * (`TARO_APP_LEDGER_WITNESSES`, `TARO_APP_LEDGER_WITNESS_QUORUM`, default 1), as it pins the ledger
 * key; not set, it checks no cosignatures. The H5 app talks to the local cloud, whose witness key is
 * generated per data folder: it asks the local cloud once and keeps the answer (trust on first use).
 */
async function witnessPolicy(): Promise<{ policy: WitnessPolicy; labels: Map<string, string>; keep?: () => void } | undefined> {
  let trusted: TrustedWitness[]
  let quorum: number
  let keep: (() => void) | undefined
  if (process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_TRANSPORT !== 'http') {
    const v = process.env.TARO_APP_LEDGER_WITNESSES
    if (!v || v.trim() === '') return undefined
    trusted = parseWitnessSetting(v)
    quorum = quorumOf(process.env.TARO_APP_LEDGER_WITNESS_QUORUM, 1)
  } else {
    const kept = readTrusted()
    if (kept) trusted = kept
    else {
      const res = await localRequest('/local/witnesses')
      const body = res.body as { witnesses?: TrustedWitness[] } | null
      if (res.status !== 200 || !Array.isArray(body?.witnesses)) throw new Error(`witnesses ${res.status}`)
      const fetched = body.witnesses.map((w) => ({ name: String(w.name), publicKey: String(w.publicKey).toLowerCase(), label: String(w.label || w.name) }))
      trusted = fetched
      // Kept once a check passes with them, as the ledger key is (its first Seen).
      keep = () => Taro.setStorageSync(WITNESSES_KEY, fetched)
    }
    quorum = quorumOf(process.env.TARO_APP_LEDGER_WITNESS_QUORUM, 1)
  }
  return { policy: { keys: trusted.map(({ name, publicKey }) => ({ name, publicKey })), quorum }, labels: new Map(trusted.map((w) => [w.name, w.label])), keep }
}

/**
 * SPEC §4: the device itself checks that the record of this consent is in the ledger and that the
 * ledger extends the last checkpoint this device saw (kept in storage), with the same pure verifier
 * the functions' tests use. The checkpoint key is the one built into the app, or without one the
 * key seen on first use (trust on first use). The expected state comes from the holder's own view:
 * a revoked consent must show its revocation.
 */
/** What a proof call answers (consent's `proof`, the counter's `proof`): the bundle and the 授权说明 as kept. */
export type FetchProof = (knownSize: number | undefined) => Promise<{ bundle: Bundle; notice: { hash: string; text: string } | null }>

/** One check at a time on this device: each moves the last-seen checkpoint, and the next compares with it. */
let queue: Promise<unknown> = Promise.resolve()

/**
 * `fetchProof`: the call that asks for the bundle, consent's `proof` for a consent by default; the
 * counter's grants (窗口办理) pass theirs. Verifier, seen checkpoint and witness policy are the same.
 */
export function checkIntegrity(sessionToken: string, expected: Expected, fetchProof?: FetchProof): Promise<Integrity> {
  const fetch: FetchProof = fetchProof ?? ((knownSize) => callConsent({ action: 'proof', sessionToken, consentId: expected.consentId, knownSize }))
  const run = queue.then(() => checkOne(expected, fetch))
  queue = run.catch(() => undefined)
  return run
}

async function checkOne(expected: Expected, fetchProof: FetchProof): Promise<Integrity> {
  const last = readSeen()
  // The server audits its ledger before it signs (services/consent/ledger.ts): its refusal is a
  // verdict too, 记录被改动 when this consent's own record is the one changed.
  // (By its code: the CloudError callConsent throws; anything else is no verdict and is rethrown.)
  const refused = (e: unknown): Integrity => {
    const code = (e as { code?: unknown } | null)?.code
    if (code === 'RECORD_ALTERED') return { ok: false, code: 'altered', reason: REASONS.altered }
    if (code === 'LEDGER_TAMPERED') return { ok: false, code: 'ledger-tampered', reason: REASONS['ledger-tampered'] }
    // LEDGER_UNWITNESSED (the server found no quorum of witnesses just now, e.g. one is down or the
    // ledger grew meanwhile) is no verdict: rethrown, so the page says 暂时无法校验 and offers 重试.
    // A checkpoint actually shown without the quorum is the loud 'unwitnessed'.
    throw e
  }
  const witnesses = await witnessPolicy()
  let bundle: Bundle
  let kept: { hash: string; text: string } | null
  try {
    ;({ bundle, notice: kept } = await fetchProof(last?.size))
  } catch (e) {
    return refused(e)
  }
  const verdict = verifyRecord(bundle, expected, last, pinnedKey(), witnesses?.policy)
  // A failed check never moves the device's checkpoint: the next check still compares with what it trusted.
  if (!verdict.ok) return { ok: false, code: verdict.reason, reason: REASONS[verdict.reason] ?? verdict.reason }
  Taro.setStorageSync(SEEN_KEY, verdict.seen)
  witnesses?.keep?.()
  const waitMs = verdict.awaiting.length > 0 ? Math.max(...verdict.awaiting.map((a) => a.mergeBy)) - verdict.checkpoint.timestamp : 0
  const confirmed = verdict.witnessed.map((w) => ({ label: witnesses?.labels.get(w.name) ?? w.name, time: w.time }))
  // The text shown as agreed must be the one the proven grant names, whatever hash the server says it is under.
  const notice: NoticeState = { check: checkNotice(kept?.text ?? null, verdict.grantNotice), text: kept?.text ?? null }
  return { ok: true, size: verdict.checkpoint.size, at: verdict.checkpoint.timestamp, waitMs, witnesses: confirmed, notice }
}
