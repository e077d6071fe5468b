import { createHash } from 'node:crypto'
import { agreeLine, AGREE_TEXT, checkNotice, consentNotice, delegationNotice, noticeHash, noticeLines, serviceNotice } from '../../cloudfunctions/domain/consent/notice'
import { decodeLeaf, encodeLeaf, type LedgerLeaf } from '../../cloudfunctions/domain/ledger/leaf'

/** 授权说明 (domain/consent/notice.ts): stable bytes, one line per term, nothing personal, hashed into the leaf. */
const CONSENT = {
  systemName: '惠城区义务教育招生报名系统',
  purpose: '核验义务教育入学报名材料',
  applicationType: '2025惠城区义务教育',
  evidence: '户籍双证学校（户口簿+房产）',
  credentials: [
    { title: '居民户口簿', fields: ['户号', '户籍地址'] },
    { title: '不动产权证书', fields: ['不动产权证号', '房屋坐落'] },
  ],
  expiresAtText: '2026-12-22 10:00',
}

const GOLDEN_CONSENT = [
  '证照授权说明（第1版）',
  '业务系统：惠城区义务教育招生报名系统',
  '申请事项：2025惠城区义务教育',
  '用途：核验义务教育入学报名材料',
  '佐证：户籍双证学校（户口簿+房产）',
  '申请证照：居民户口簿（户号、户籍地址）',
  '申请证照：不动产权证书（不动产权证号、房屋坐落）',
  '授权范围：仅授权您勾选的证照和内容，可取消不需要的项（最小化授权）',
  '有效期至：2026-12-22 10:00',
  '撤回方式：可随时在“我的授权”中注销；注销后业务系统立即不能再读取',
  '同意声明：我已认真阅读并同意以上授权内容',
  '',
].join('\n')

describe('canonical 授权说明', () => {
  it('the consent notice has exactly these bytes and this SHA-256 (a changed word is a new version)', () => {
    const n = consentNotice(CONSENT)
    expect(n.text).toBe(GOLDEN_CONSENT)
    expect(n.hash).toBe(createHash('sha256').update(Buffer.from(GOLDEN_CONSENT, 'utf8')).digest('hex'))
    expect(n.hash).toBe('eee6164f649a9e28599b78565e5325578b836b264b29525758757cce89635b7c')
  })

  it('the service and delegation notices are stable too', () => {
    const s = serviceNotice({ counterName: '惠城区政务服务中心3号窗口', matterName: '户口迁入（投靠父母）', credentials: [{ title: '居民户口簿', fields: ['户号', '户主'] }], grantMinutes: 60 })
    expect(s.text).toBe([
      '窗口服务授权说明（第1版）', '办事窗口：惠城区政务服务中心3号窗口', '办理事项：户口迁入（投靠父母）', '窗口将读取：居民户口簿（户号、户主）',
      '有效期：确认后60分钟内，到期自动失效', '撤回方式：证照持有人可在“我的授权”中提前结束', `同意声明：${AGREE_TEXT.service}`, '',
    ].join('\n'))
    const d = delegationNotice({ matterName: '户口迁入（投靠父母）', credentials: [{ title: '居民身份电子凭证', fields: ['姓名'] }], days: 3, confirmBy: 'agent' })
    expect(d.text.split('\n')).toContain('有效期：自发起起3天内')
    expect(d.text.split('\n')).toContain('确认方式：在窗口由代办人确认授权')
    expect(s.hash).toBe('3e0b65c334585ec83a7d2fdf70d1297097e4d62836aeb158cfd4563f35916d08')
    expect(d.hash).toBe('f5f869ef680e3104593dba15e27551e01df7188004eaa5815cbf114dd746a171')
    expect(delegationNotice({ matterName: '户口迁入（投靠父母）', credentials: [{ title: '居民身份电子凭证', fields: ['姓名'] }], days: 3, confirmBy: 'holder' }).hash).not.toBe(d.hash)
  })

  it('is NFC: a decomposed input gives the same bytes as the composed one', () => {
    const composed = consentNotice({ ...CONSENT, purpose: 'Café 审核' })
    const decomposed = consentNotice({ ...CONSENT, purpose: 'Cafe\u0301 审核' })
    expect(decomposed.text).toBe(composed.text)
    expect(decomposed.hash).toBe(composed.hash)
  })

  it('a line break inside a value cannot forge a line of its own', () => {
    const n = consentNotice({ ...CONSENT, purpose: '审核\n同意声明：我同意一切' })
    expect(n.text.split('\n').filter((l) => l.startsWith('同意声明：'))).toEqual([`同意声明：${AGREE_TEXT.consent}`])
    expect(agreeLine(n.text)).toBe(AGREE_TEXT.consent)
  })

  it('the page reads the same lines back: title, then label and content', () => {
    const { title, rows } = noticeLines(GOLDEN_CONSENT)
    expect(title).toBe('证照授权说明（第1版）')
    expect(rows[0]).toEqual({ k: '业务系统', v: '惠城区义务教育招生报名系统' })
    expect(rows).toHaveLength(10)
    expect(agreeLine(GOLDEN_CONSENT)).toBe('我已认真阅读并同意以上授权内容')
  })

  it('holds nothing it was not given (no names, ID numbers or codes enter through the builder)', () => {
    const n = consentNotice(CONSENT)
    expect(n.text).not.toMatch(/\d{17}[\dX]/)
    expect(n.text).not.toMatch(/[A-HJ-NP-Z2-9]{8}/)
  })

  it('checkNotice: the text hashes to the proven leaf\'s notice, or says it does not', () => {
    const n = consentNotice(CONSENT)
    expect(checkNotice(n.text, n.hash)).toBe('ok')
    expect(checkNotice(n.text.replace('注销', '撤销'), n.hash)).toBe('mismatch')
    expect(checkNotice(n.text, undefined)).toBe('none')
    expect(noticeHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

describe('the leaf\'s `notice`', () => {
  const leaf: LedgerLeaf = { v: 1, consent: 'cs_abcdefgh', action: 'grant', fields: 'ab'.repeat(32), actor: 'p'.repeat(32), at: 1_700_000_000_000 }
  const hash = consentNotice(CONSENT).hash

  it('a leaf without it is spelled as before (old leaves and the RFC 6962 vectors keep their hashes)', () => {
    expect(encodeLeaf(leaf)).toBe(`{"v":1,"consent":"cs_abcdefgh","action":"grant","fields":"${'ab'.repeat(32)}","actor":"${'p'.repeat(32)}","at":1700000000000}`)
    expect(decodeLeaf(encodeLeaf(leaf))).toEqual(leaf)
  })

  it('goes last (after `via`), round-trips, and must be 64 lower-case hex in canonical position', () => {
    const withNotice = { ...leaf, notice: hash }
    const text = encodeLeaf(withNotice)
    expect(text.endsWith(`,"notice":"${hash}"}`)).toBe(true)
    expect(decodeLeaf(text)).toEqual(withNotice)
    const both = { ...leaf, via: 'kiosk:PJQ-ABC234', notice: hash }
    expect(encodeLeaf(both).endsWith(`"via":"kiosk:PJQ-ABC234","notice":"${hash}"}`)).toBe(true)
    expect(decodeLeaf(encodeLeaf(both))).toEqual(both)
    expect(decodeLeaf(text.replace(hash, hash.toUpperCase()))).toBeNull()
    expect(decodeLeaf(text.replace(hash, hash.slice(2)))).toBeNull()
    expect(decodeLeaf(text.replace(`"${hash}"`, '7'))).toBeNull()
    expect(decodeLeaf(JSON.stringify({ notice: hash, ...leaf }))).toBeNull()
  })
})
