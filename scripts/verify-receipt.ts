/**
 * `npm run verify-receipt -- FILE --trust trust.json` (or `--origin O --key-name N --public-key HEX
 * [--witness NAME=HEX|VKEY ...] [--quorum K]`): checks a 授权凭证 (consent-receipt/v1) offline with
 * cloudfunctions/domain/consent/receipt.ts. The keys come from the flags or the trust file only,
 * never from the receipt. Says in plain Chinese what the receipt proves and what it does not.
 * Exit code: 0 valid, 1 invalid, 2 bad usage (no file, unreadable file, bad trust).
 * `npm run ledger:trust` prints the local cloud's trust file.
 */
import { readFileSync } from 'node:fs'
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'
import { ConsentReceipt, verifyReceipt, type ReceiptTrust, type ReceiptVerdict } from '../cloudfunctions/domain/consent/receipt'
import { parseWitnessVkey, type WitnessKey } from '../cloudfunctions/domain/ledger/cosignature'

dayjs.extend(utc)
dayjs.extend(timezone)
const time = (ms: number) => dayjs(ms).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm:ss')

export const USAGE = `用法：npm run verify-receipt -- <凭证文件.json> --trust <trust.json>
   或：npm run verify-receipt -- <凭证文件.json> --origin <账本来源> --key-name <密钥名称> --public-key <公钥hex> [--witness <名称>=<公钥hex> ...] [--quorum <数量>]
信任文件由账本运营方提供（本地：npm run ledger:trust > trust.json），格式：
  {"origin": "...", "keyName": "...", "publicKey": "<64位hex>", "witnesses": [{"name": "...", "publicKey": "<64位hex>"}], "quorum": 1}
公钥只从信任文件或参数读取，绝不取自凭证本身。`

type Out = { log: (s: string) => void; error: (s: string) => void }
class Usage extends Error {}

function parseWitness(s: string): WitnessKey {
  const eq = /^([^=+\s]+)=([0-9a-f]{64})$/.exec(s)
  if (eq) return { name: eq[1], publicKey: eq[2] }
  const vkey = parseWitnessVkey(s)
  if (vkey) return vkey
  throw new Usage(`见证方密钥不正确：${s}（应为 名称=64位hex公钥，或签名笔记 vkey）`)
}

function readTrust(file: string): ReceiptTrust {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Usage(`无法读取信任文件 ${file}：${e instanceof Error ? e.message : String(e)}`)
  }
  const t = raw as Record<string, unknown>
  if (!t || typeof t.origin !== 'string' || typeof t.keyName !== 'string' || typeof t.publicKey !== 'string') {
    throw new Usage(`信任文件 ${file} 缺少 origin、keyName 或 publicKey`)
  }
  const witnesses = Array.isArray(t.witnesses)
    ? t.witnesses.map((w: unknown) => (typeof w === 'string' ? parseWitness(w) : (w as WitnessKey)))
    : []
  return { origin: t.origin, keyName: t.keyName, publicKey: t.publicKey, witnesses, ...(t.quorum !== undefined ? { quorum: t.quorum as number } : {}) }
}

export function parseArgs(argv: string[]): { file: string; trust: ReceiptTrust } {
  let file: string | null = null
  let trustFile: string | null = null
  const flags: Partial<Record<'origin' | 'key-name' | 'public-key' | 'quorum', string>> = {}
  const witnesses: WitnessKey[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new Usage(`${a} 后面缺少取值`)
      return v
    }
    if (a === '--trust') trustFile = value()
    else if (a === '--origin' || a === '--key-name' || a === '--public-key' || a === '--quorum') flags[a.slice(2) as keyof typeof flags] = value()
    else if (a === '--witness') witnesses.push(parseWitness(value()))
    else if (a === '--help' || a === '-h') throw new Usage('')
    else if (a.startsWith('--')) throw new Usage(`不认识的参数：${a}`)
    else if (file === null) file = a
    else throw new Usage(`只能校验一个凭证文件，多出：${a}`)
  }
  if (!file) throw new Usage('缺少凭证文件')
  let trust: ReceiptTrust
  if (trustFile) {
    trust = readTrust(trustFile)
    if (witnesses.length) trust.witnesses = [...(trust.witnesses ?? []), ...witnesses]
  } else {
    if (!flags.origin || !flags['key-name'] || !flags['public-key']) throw new Usage('缺少信任的账本公钥：请用 --trust <trust.json>，或同时给出 --origin、--key-name 和 --public-key')
    trust = { origin: flags.origin, keyName: flags['key-name'], publicKey: flags['public-key'], witnesses }
  }
  if (flags.quorum !== undefined) {
    if (!/^(?:0|[1-9][0-9]*)$/.test(flags.quorum)) throw new Usage(`--quorum 应为非负整数：${flags.quorum}`)
    trust.quorum = Number(flags.quorum)
  }
  if (!/^[0-9a-f]{64}$/.test(trust.publicKey)) throw new Usage('账本公钥应为64位小写十六进制（32字节 Ed25519 公钥）')
  return { file, trust }
}

/** The verdict in plain Chinese: what is proven, what is not. */
export function describe(receipt: ConsentReceipt | null, v: ReceiptVerdict, trust: ReceiptTrust): string[] {
  if (!v.ok || !v.proven || !receipt) {
    return ['✗ 授权凭证无效，不能作为授权的证明。', ...v.failures.map((f) => `  - ${f.message}`)]
  }
  const rec = receipt.record
  const grant = v.proven.entries.find((e) => e.action === 'grant')!
  const revoke = v.proven.entries.find((e) => e.action === 'revoke')
  const w = v.proven.witnesses
  const fields = rec.piiInformation.fields.map((f) => f.label).join('、')
  const lines = [
    '✓ 授权凭证有效。',
    `该授权记录已写入授权账本第 ${grant.index + 1} 条（序号 ${grant.index}，账本当时共 ${grant.treeSize} 条），账本签名有效（${trust.keyName}，检查点签署于 ${time(grant.checkpointTime)}），` +
      (w.length > 0 ? `已由 ${w.length} 个见证方确认（${w.map((x) => `${x.name}，${time(x.time * 1000)}`).join('；')}）。` : '没有见证方确认（未配置见证方）。'),
    '本凭证证明：',
    `  - 授权编号 ${rec.recordId} 的授权于 ${time(grant.at)}（账本记录时间）写入账本；`,
    `  - 授权的内容正是这些字段：${fields}（与账本记录的字段哈希一致）；`,
    ...(v.proven.notice ? [`  - 授权时展示的告知书哈希为 ${v.proven.notice}；`] : []),
    ...(revoke ? [`  - 该授权已于 ${time(revoke.at)} 注销，注销记录为账本第 ${revoke.index + 1} 条；`] : []),
    '  - 账本运营方不能在不被发现的情况下删除或改写这些记录（账本签名覆盖了包含它们的整棵树）。',
    '本凭证不证明：',
    '  - 授权人是谁：账本中只有不可逆的假名，凭证也不含姓名、身份证号或微信账号；',
    `  - 业务系统名称、用途、证照名称、证照摘要和有效期的文字（${rec.recipientThirdParties.map((r) => r.name).join('、')}，有效期至 ${rec.validityDuration.untilText}）：这些由平台填写，不在账本中；`,
    ...(revoke ? [] : [`  - 该授权至今仍然有效：凭证只含持有人出示的记录，不能排除检查点（${time(grant.checkpointTime)}）前后另有注销记录，需要最新状态请让持有人重新出具凭证；`]),
    '  - 业务系统是否实际读取了数据，以及读取的内容。',
  ]
  return lines
}

export function runVerifyReceipt(argv: string[], out: Out = console): number {
  let args: { file: string; trust: ReceiptTrust }
  try {
    args = parseArgs(argv)
  } catch (e) {
    if (!(e instanceof Usage)) throw e
    if (e.message) out.error(e.message)
    out.error(USAGE)
    return 2
  }
  let text: string
  try {
    text = readFileSync(args.file, 'utf8')
  } catch (e) {
    out.error(`无法读取凭证文件 ${args.file}：${e instanceof Error ? e.message : String(e)}`)
    return 2
  }
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    json = null
  }
  const verdict = verifyReceipt(json, args.trust)
  if (verdict.failures.some((f) => f.code === 'trust-invalid')) {
    out.error(verdict.failures.map((f) => f.message).join('\n'))
    return 2
  }
  const parsed = ConsentReceipt.safeParse(json)
  const lines = describe(parsed.success ? parsed.data : null, verdict, args.trust)
  ;(verdict.ok ? out.log : out.error)(lines.join('\n'))
  return verdict.ok ? 0 : 1
}

if (require.main === module) process.exit(runVerifyReceipt(process.argv.slice(2)))
