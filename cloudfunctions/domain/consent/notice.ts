import { sha256 } from '@noble/hashes/sha2.js'
import { toHex, utf8 } from '../ledger/hash'

/**
 * 授权说明: the exact text a holder reads where they tap 同意 (PIPL art. 14, 17: consent is to a
 * stated purpose, scope, duration and way out), kept as one canonical text per act, so that the
 * ledger can prove which text was agreed to. The leaf of the act carries `sha256hex(text)`
 * (domain/ledger/leaf.ts `notice`); the text itself is stored once under that hash.
 *
 * Canonical form (version 1): UTF-8, NFC, lines joined by `\n` and ended by one; the first line
 * names the kind and the version; each further line is `标签：内容` with no line breaks inside. No
 * personal data: no names, no ID numbers, no 授权码; only what the page shows about the terms.
 * Pure and deterministic: the page renders the lines of this text (noticeLines) and the server
 * builds the same text from the same records, so what is shown and what is hashed cannot drift.
 */
export const NOTICE_VERSION = 1

export type NoticeKind = 'consent' | 'service' | 'delegation'

const HEADS: Record<NoticeKind, string> = {
  consent: '证照授权说明',
  service: '窗口服务授权说明',
  delegation: '委托代办授权说明',
}

export interface Notice {
  kind: NoticeKind
  text: string
  /** Lower-case hex SHA-256 of the UTF-8 text. */
  hash: string
}

/** One credential as the page lists it: its title and the labels of the fields asked. */
export interface NoticeCredential {
  title: string
  fields: readonly string[]
}

/** A value kept to one line, NFC, trimmed: a stray line break cannot forge a label of its own. */
const clean = (s: string) => s.normalize('NFC').replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim()

function build(kind: NoticeKind, rows: ReadonlyArray<readonly [string, string]>): Notice {
  const lines = [`${HEADS[kind]}（第${NOTICE_VERSION}版）`, ...rows.map(([k, v]) => `${clean(k)}：${clean(v)}`)]
  const text = `${lines.join('\n')}\n`.normalize('NFC')
  return { kind, text, hash: noticeHash(text) }
}

export const noticeHash = (text: string): string => toHex(sha256(utf8(text)))

const credentialRows = (label: string, cs: readonly NoticeCredential[]) =>
  cs.map((c) => [label, `${c.title}（${c.fields.join('、')}）`] as const)

/** The agreement sentence of each kind: the consent page's checkbox shows exactly this. */
export const AGREE_TEXT = {
  consent: '我已认真阅读并同意以上授权内容',
  service: '点击“确认授权”，即同意办事窗口在有效期内读取以上证照内容',
  delegation: '点击“确认委托”，即同意代办人在有效期内出示我的身份码办理以上事项',
} as const satisfies Record<NoticeKind, string>

/**
 * The consent page (授权信息, src/consent/open): who asks, for what, which credentials and fields,
 * until when, how to take it back. The request's terms, not who looks at it: every signer of the
 * request reads the same text (the fields each one ticks are in the leaf's `fields`).
 */
export function consentNotice(n: {
  systemName: string
  purpose: string
  applicationType: string
  evidence: string
  credentials: readonly NoticeCredential[]
  /** `YYYY-MM-DD HH:mm` Asia/Shanghai, as the page shows it. */
  expiresAtText: string
}): Notice {
  return build('consent', [
    ['业务系统', n.systemName],
    ['申请事项', n.applicationType],
    ['用途', n.purpose],
    ['佐证', n.evidence],
    ...credentialRows('申请证照', n.credentials),
    ['授权范围', '仅授权您勾选的证照和内容，可取消不需要的项（最小化授权）'],
    ['有效期至', n.expiresAtText],
    ['撤回方式', '可随时在“我的授权”中注销；注销后业务系统立即不能再读取'],
    ['同意声明', AGREE_TEXT.consent],
  ])
}

/** 服务授权 (src/consent/service): which counter, which matter, the credentials it will read, for how long. */
export function serviceNotice(n: { counterName: string; matterName: string; credentials: readonly NoticeCredential[]; grantMinutes: number }): Notice {
  return build('service', [
    ['办事窗口', n.counterName],
    ['办理事项', n.matterName],
    ...credentialRows('窗口将读取', n.credentials),
    ['有效期', `确认后${n.grantMinutes}分钟内，到期自动失效`],
    ['撤回方式', '证照持有人可在“我的授权”中提前结束'],
    ['同意声明', AGREE_TEXT.service],
  ])
}

/** 发起委托 (src/consent/delegate): the matter, what the agent may have read, how long, who confirms, how to end it. */
export function delegationNotice(n: { matterName: string; credentials: readonly NoticeCredential[]; days: number; confirmBy: 'holder' | 'agent' }): Notice {
  return build('delegation', [
    ['委托事项', n.matterName],
    ...credentialRows('可使用证照', n.credentials),
    ['有效期', `自发起起${n.days}天内`],
    ['确认方式', n.confirmBy === 'agent' ? '在窗口由代办人确认授权' : '在窗口办理时由本人远程确认授权'],
    ['撤回方式', '可随时在“委托代办”中结束委托；结束后代办人不能再出示您的身份码'],
    ['同意声明', AGREE_TEXT.delegation],
  ])
}

/** The text as the page shows it: its title line, then each `标签：内容` line split once. */
export function noticeLines(text: string): { title: string; rows: Array<{ k: string; v: string }> } {
  const [title = '', ...rest] = text.replace(/\n$/, '').split('\n')
  return {
    title,
    rows: rest.map((line) => {
      const at = line.indexOf('：')
      return at < 0 ? { k: '', v: line } : { k: line.slice(0, at), v: line.slice(at + 1) }
    }),
  }
}

/** The sentence the holder agrees with, as the text states it (the checkbox label). */
export const agreeLine = (text: string): string => noticeLines(text).rows.find((r) => r.k === '同意声明')?.v ?? ''

/** A notice hash as the leaf, the stores and the events carry it. */
export const NOTICE_HASH = /^[0-9a-f]{64}$/

/**
 * 我的授权's check: the text shown is the one the proven grant leaf names. `leafNotice` is the
 * `notice` of the grant leaf verifyRecord proved (null/undefined: a grant from before notices).
 */
export function checkNotice(text: string, leafNotice: string | null | undefined): 'ok' | 'mismatch' | 'none' {
  if (!leafNotice) return 'none'
  return noticeHash(text) === leafNotice ? 'ok' : 'mismatch'
}
