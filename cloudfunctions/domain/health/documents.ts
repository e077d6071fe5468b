import type { DocType } from '../../../types/health'
import { validateIdNumber } from '../idNumber'

/**
 * Declarant documents (seed 002 FAQ 11, 13, 14): validate and normalise each type.
 * `number` is the canonical form to store (encrypted) and show (masked); `identity` is the part
 * that stays the same across renewals of the same document, and is what the caller hashes into
 * the declarant key (see proxies.ts), so a renewed permit is still the same declarant.
 */
export type DocCheck =
  | { ok: true; docType: DocType; number: string; identity: string }
  | { ok: false; docType: DocType; message: string }

/** Spaces anywhere, full-width letters, digits and brackets to half-width, upper case. */
export function normaliseDocNumber(raw: string): string {
  return raw
    .replace(/[\s\u3000]/g, '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase()
}

type Rule = { pattern: RegExp; message: string; identity: (n: string) => string }

const RULES: Record<Exclude<DocType, 'mainland_id'>, Rule> = {
  /**
   * 公安部《港澳居民来往内地通行证号码规则》: 11 characters, H (Hong Kong) or M (Macau), an 8-digit
   * lifelong number, then 2 digits counting renewals (00 first issue). The 2012-style card prints
   * only the 9-character H/M + lifelong number; both forms are accepted, the first 9 are the identity.
   */
  hk_macau_permit: {
    pattern: /^[HM]\d{8}(\d{2})?$/,
    message: '港澳居民来往内地通行证号码应为字母H或M开头，后接8位或10位数字',
    identity: (n) => n.slice(0, 9),
  },
  /**
   * 台胞证 (中新社 2008-09-11, NIA《中国出入境观察》2020 No. 21): since 2008-09-25 "一人一号、终身不变",
   * the number is the 8-digit lifelong number (also on the 2015 card). Older booklets: 8 digits + 2
   * digits issue count, optionally an issuing-office code in brackets, e.g. 1234567801(B). The
   * first 8 digits are the identity.
   */
  taiwan_permit: {
    pattern: /^\d{8}(\d{2}(\([A-Z0-9]\))?)?$/,
    message: '台湾居民来往内地通行证号码应为8位数字（旧版证件为10位数字，可带括号内的签发机关代码）',
    identity: (n) => n.slice(0, 8),
  },
  /**
   * Conservative assumption: ICAO Doc 9303 gives the document number 9 MRZ characters (A-Z, 0-9),
   * longer numbers continuing in optional data; issuers vary, so 5 to 17 letters or digits.
   * A passport number is unique only per issuing state: see the open question in the report.
   */
  foreign_passport: {
    pattern: /^[A-Z0-9]{5,17}$/,
    message: '外国护照号码应为5至17位英文字母或数字',
    identity: (n) => n,
  },
  /**
   * 国家卫生健康委 notices on the 6th and 7th editions (7th from 2023-04-01): the 出生医学证明编号
   * is "1位字母+9位数字" (the 7th edition adds a bar code of the same number).
   */
  birth_certificate: {
    pattern: /^[A-Z]\d{9}$/,
    message: '出生医学证明编号应为1位英文字母加9位数字',
    identity: (n) => n,
  },
}

/**
 * `today` is the China-time day (YYYY-MM-DD, from calendar.ts) bounding an ID card's birth date;
 * the caller passes it, the domain reads no clock.
 */
export function checkDocument(docType: DocType, raw: string, today: string): DocCheck {
  // Nothing typed yet: ask for it (not 身份证号码应为18位，当前为0位), whatever the type.
  if (normaliseDocNumber(raw).length === 0) return { ok: false, docType, message: '请输入证件号码' }
  if (docType === 'mainland_id') {
    const r = validateIdNumber(raw, today.replace(/-/g, ''))
    return r.ok ? { ok: true, docType, number: r.idNumber, identity: r.idNumber } : { ok: false, docType, message: r.reason }
  }
  const rule = RULES[docType]
  const number = normaliseDocNumber(raw)
  if (!rule.pattern.test(number)) return { ok: false, docType, message: rule.message }
  return { ok: true, docType, number, identity: rule.identity(number) }
}

/** What the caller feeds its keyed hash (FieldCipher.keyedHash) to get the declarant key. */
export function declarantKeyMaterial(doc: { docType: DocType; identity: string }): string {
  return `${doc.docType}:${doc.identity}`
}
