import { z } from 'zod'
import { parseWitnessVkey } from './domain/ledger/cosignature'

/** The one configuration module (STYLE.md): every setting from env, checked once at start. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

const base64Key = optionalText.refine(
  (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
  '应为 base64 编码的 32 字节密钥',
)

/** Business-system secrets travel as `Bearer <systemId>.<secret>` (services/consent/biz.ts authenticateSystem). */
const bizSecret = optionalText.refine(
  (v) => v === undefined || /^[A-Za-z0-9_-]{16,128}$/.test(v),
  '应为 16–128 个字符，只含字母、数字、- 和 _（业务系统密钥格式）',
)

const positiveInt = (def: number) => z.coerce.number().int().positive().default(def)

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./.data'),
  REGISTRY_FIXTURE: optionalText,
  VERIFY_WINDOW_SECONDS: positiveInt(300),
  SESSION_TTL_HOURS: positiveInt(72),
  VERIFY_ID_TTL_SECONDS: positiveInt(3600),
  FIELD_KEY: base64Key,
  HASH_KEY: base64Key,
  FACE_PROVIDER: z.enum(['simulated', 'wechat']).default('simulated'),
  WX_APPID: optionalText,
  WX_SECRET: optionalText,
  // Health declaration (SPEC §5): the invitation-card signing key (locally generated into DATA_DIR
  // when unset) and the subscribe-message template used to remind filers.
  HEALTH_INVITE_KEY: base64Key,
  HEALTH_REMIND_TEMPLATE_ID: optionalText,
  // Consent ledger (SPEC §4): the Ed25519 checkpoint key (base64 32-byte secret; locally generated
  // into DATA_DIR when unset), the log's origin line, how long a request stays signable and readable,
  // and the demo enrolment system's API secret (local cloud only; generated when unset).
  LEDGER_SIGNING_KEY: base64Key,
  LEDGER_ORIGIN: z.string().regex(/^[\x21-\x2a\x2c-\x7e]+$/, '应为不含空格和 + 的可打印 ASCII').default('school-space.local/consent-ledger'),
  CONSENT_REQUEST_DAYS: positiveInt(30),
  // Witnesses of the ledger (C2SP tlog-witness, docs/DEPLOY.md "Witness"): each `<vkey> <url>`,
  // separated by `;` (vkey: `name+keyid+base64(0x04||key)`, npm run witness:key prints it; url: the
  // witness's submission prefix). Unset locally: the local cloud runs its own witness (WITNESS_KEY,
  // generated into DATA_DIR when unset, named WITNESS_NAME) at /witness/. The quorum: cosignatures
  // a proof's checkpoint needs (default 1).
  LEDGER_WITNESSES: optionalText.refine((v) => v === undefined || parseWitnessList(v) !== null, '应为以“;”分隔的“<vkey> <https://见证方地址>”列表'),
  LEDGER_WITNESS_QUORUM: z.coerce.number().int().min(0).default(1),
  WITNESS_KEY: base64Key,
  /** What the H5 app shows for the local witness (已由 1 个见证方确认：…). */
  WITNESS_LABEL: z.string().min(1).max(40).default('本地见证节点（演示）'),
  WITNESS_NAME: z.string().regex(/^[\x21-\x2a\x2c-\x7e]+$/, '应为不含空格和 + 的可打印 ASCII').default('witness.school-space.local/w1'),
  DEMO_BIZ_KEY: bizSecret,
  // Counter use: the demo counter account's password (local cloud only; generated when unset).
  DEMO_COUNTER_PASSWORD: bizSecret,
  /** Where the counter desk app is hosted (https://host), when that is not the API's own origin: CORS for it alone. */
  DESK_ORIGIN: z.string().regex(/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/, '应为 https://域名（不带路径和结尾斜杠）').optional(),
})

export type Config = z.output<typeof ConfigSchema>

/** LEDGER_WITNESSES as a list of witness keys and URLs; null when an entry does not parse. */
export function parseWitnessList(v: string): Array<{ name: string; publicKey: string; url: string }> | null {
  const out: Array<{ name: string; publicKey: string; url: string }> = []
  for (const entry of v.split(';').map((e) => e.trim()).filter(Boolean)) {
    const [vkey, url, ...rest] = entry.split(/\s+/)
    const key = parseWitnessVkey(vkey ?? '')
    if (!key || rest.length > 0 || !/^https?:\/\/[^\s]+$/.test(url ?? '')) return null
    out.push({ ...key, url })
  }
  return out.length > 0 ? out : null
}

/** Throws one readable error naming every bad variable, so a misconfigured start fails at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]))
  const parsed = ConfigSchema.safeParse(picked)
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
  // Checked on the raw values so it is reported alongside any other bad variable.
  if (picked.FACE_PROVIDER === 'wechat') {
    for (const key of ['WX_APPID', 'WX_SECRET']) {
      if (!picked[key]?.trim()) lines.push(`  ${key}: FACE_PROVIDER=wechat 时必须设置`)
    }
  }
  if (parsed.success && lines.length === 0) return parsed.data
  throw new Error(`配置有误 (invalid configuration):\n${lines.join('\n')}`)
}

/** The time settings the services use, in milliseconds. */
export function serviceTimes(c: Config) {
  return {
    verifyWindowMs: c.VERIFY_WINDOW_SECONDS * 1000,
    sessionTtlMs: c.SESSION_TTL_HOURS * 3600 * 1000,
    verifyIdTtlMs: c.VERIFY_ID_TTL_SECONDS * 1000,
  }
}
