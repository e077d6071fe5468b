import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { loadConfig } from '../config'
import { ledgerKeyName } from '../adapters/crypto/ledgerKey'
import { openSqliteStores } from '../adapters/sqlite'
import { sqliteConsentStores } from '../adapters/sqlite/sqliteConsentStores'
import { describeProblem, EMPTY_TREE } from '../domain/ledger/audit'
import { publicKeyOf } from '../domain/ledger/checkpoint'
import { auditLedger, type AuditReport } from '../services/consent/ledgerAudit'

/**
 * `npm run ledger:audit`: audits the local cloud's consent ledger in DATA_DIR/cloud.db
 * (the same DATA_DIR as `npm start`), page by page. Prints OK with the size and root, or the first
 * bad index and what is wrong; exit code 0 when clean, 1 when the audit fails (a file that cannot
 * be read to the end included), 2 when there is nothing to audit. Reads the ledger only: the
 * signing key is used if present (to check the kept checkpoint's signature), never created.
 */
export async function runLedgerAudit(env: NodeJS.ProcessEnv = process.env, out = console): Promise<number> {
  const config = loadConfig(env)
  const file = path.join(config.DATA_DIR, 'cloud.db')
  if (!existsSync(file)) {
    out.error(`没有找到本地云数据库：${file}（请检查 DATA_DIR）`)
    return 2
  }
  const keyFile = path.join(config.DATA_DIR, 'ledger-signing.key')
  const secret = config.LEDGER_SIGNING_KEY
    ? Buffer.from(config.LEDGER_SIGNING_KEY, 'base64')
    : existsSync(keyFile)
      ? Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')
      : null
  const key = secret?.length === 32 ? { keyName: ledgerKeyName(config.LEDGER_ORIGIN), publicKey: publicKeyOf(new Uint8Array(secret)) } : undefined
  const stores = openSqliteStores(file)
  try {
    const started = Date.now()
    const consent = sqliteConsentStores(stores.db)
    const report: AuditReport = await auditLedger(consent.ledger, { key, notices: consent.notices }).catch((e: unknown) => ({
      ok: false as const,
      problem: { kind: 'unreadable' as const, index: null, what: e instanceof Error ? `${e.name}: ${e.message}` : 'error' },
      tree: EMPTY_TREE,
    }))
    const ms = Date.now() - started
    if (!report.ok) {
      out.error(`FAIL 授权账本自检未通过：${describeProblem(report.problem)}${report.problem.index !== null ? `（first bad index: ${report.problem.index}）` : ''}`)
      return 1
    }
    const cp = report.checkpointSize === null ? '尚无签名检查点' : `与最近签名的检查点（${report.checkpointSize} 条）一致`
    out.log(`OK 授权账本自检通过：size ${report.size}，root ${report.rootHash}，${cp}${key ? '' : '（未找到签名密钥，未校验检查点签名）'}，用时 ${ms} ms`)
    return 0
  } finally {
    stores.close()
  }
}

if (require.main === module) {
  runLedgerAudit().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`授权账本自检无法运行：${err instanceof Error ? err.message : String(err)}`)
      process.exit(2)
    },
  )
}
