import { createHash } from 'node:crypto'

/** Face verification 2.0 accepts mainland ID cards only (getVerifyId: 身份证填 IDENTITY_CARD). */
export const CERT_TYPE = 'IDENTITY_CARD'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

/**
 * `cert_hash` for queryVerifyInfo, as its 注意事项 specify: standard base64 of each of
 * cert_type, cert_name, cert_no (UTF-8), joined in that order as
 * `cert_type=…&cert_name=…&cert_no=…`, SHA-256, lower-case hex. The doc's worked example
 * (张三 / 310101199801011234 → 3c241f7f…108b) is a unit test.
 * https://developers.weixin.qq.com/miniprogram/dev/server/API/face/api_queryverifyinfo
 */
export function certHash(certName: string, certNo: string, certType: string = CERT_TYPE): string {
  const joined = `cert_type=${b64(certType)}&cert_name=${b64(certName)}&cert_no=${b64(certNo)}`
  return createHash('sha256').update(joined, 'utf8').digest('hex')
}
