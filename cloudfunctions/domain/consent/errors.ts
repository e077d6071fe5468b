import type { CONSENT_ERROR_CODES } from '../../../types/consentErrors'

const PENDING = '无法在线授权的，可在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质材料供学校核验。'

/** Messages and next steps of the consent codes; wording follows seed 000 (授权操作指南) where it has one. */
export const CONSENT_ERROR_TEXT: Record<(typeof CONSENT_ERROR_CODES)[number], { message: string; hint: string }> = {
  REQUEST_NOT_FOUND: { message: '未找到该授权申请', hint: '请核对授权码，或在报名系统重新提交后扫描新的二维码。' },
  REQUEST_EXPIRED: { message: '该授权申请已过期', hint: `请在报名系统重新提交申请，获取新的授权码。${PENDING}` },
  PART_NOT_FOUND: { message: '该申请不需要此证照', hint: '请返回刷新授权信息后重试。' },
  PART_UNAVAILABLE: { message: '该证照无法在线授权', hint: PENDING },
  ALREADY_SIGNED: { message: '该证照已完成授权', hint: '如需更改，请先在“我的授权”中注销，再重新授权。' },
  NOT_SIGNED: { message: '该证照尚未授权', hint: '请返回刷新授权信息。' },
  NOT_RIGHTFUL_SIGNER: {
    message: '您不是该证照的授权人',
    hint: '户籍信息由学生户口簿户主授权，出生证信息由父母其中一方授权，房产信息由产权人或共同产权人其中一方授权；请由对应的家人登录数字空间授权。',
  },
  REQUEST_NOT_RELATED: {
    message: '该授权码不是您家的授权申请',
    hint: '请核对授权码是否为您家报名时获得的授权码，或重新扫描报名系统提供的二维码；您办理过的授权可在“我的授权”中查看。',
  },
  SIGNER_SHOULD_SIGN: {
    message: '您可以在线授权该证照',
    hint: '您是该证照的授权人，请勾选该证照并点击“签署授权”，无需选择“无法在线授权”。',
  },
  OPTION_INVALID: {
    message: '所选证照不能用于本次授权',
    hint: '有多套房产的，请选择与学生户口簿地址一致的房产；无法领取电子证的，待现场报名时出示给学校核验。',
  },
  SCOPE_INVALID: { message: '授权内容不正确', hint: '请至少勾选一项，并只勾选本次申请列出的内容。' },
  CONSENT_NOT_FOUND: { message: '未找到该授权记录', hint: '请返回“我的授权”刷新后重试。' },
  CONSENT_REVOKED: { message: '该授权已注销', hint: '如需继续使用，请在“我的授权”中重新授权。' },
  CONSENT_EXPIRED: { message: '该授权已过有效期', hint: '请在报名系统重新提交申请，获取新的授权码后再授权。' },
  CONSENT_NOT_REVOKED: { message: '该授权仍然有效，无需重新授权', hint: '如需更改授权内容，请先注销再重新授权。' },
  CONSENT_SUPERSEDED: {
    message: '这条授权已不是该证照最新的授权记录',
    hint: '请在“我的授权”中找到该证照最新的一条授权重新授权，或重新打开报名系统提供的授权申请签署。',
  },
  CONFLICT: { message: '授权信息刚刚有变化', hint: '请稍后重试。' },
  BIZ_UNAUTHORIZED: { message: '业务系统身份校验失败', hint: '请检查业务系统的接入凭证（Authorization: Bearer <key>）。' },
  BIZ_OUTSIDE_ALLOWLIST: { message: '申请的证照或字段超出业务系统登记的范围', hint: '只能申请登记时允许的证照字段；如需更多，请先变更业务系统登记。' },
  BIZ_READ_REFUSED: { message: '没有有效授权，拒绝读取', hint: '只能读取有效、未过期、未注销的授权范围内的字段；本次拒绝已记录。' },
  LEDGER_TAMPERED: {
    message: '授权账本自检未通过，暂停出具记录证明',
    hint: '账本中的记录可能被改动，已暂停签发新的检查点；您的授权状态不受影响。请稍后再校验，或向报名学校或12345政务服务热线反映。',
  },
  RECEIPT_PENDING: {
    message: '授权记录正在写入账本，暂时无法生成授权凭证',
    hint: '账本已签名承诺在几秒内写入，请稍候片刻后再点“保存授权凭证”。',
  },
  LEDGER_UNWITNESSED: {
    message: '见证方暂时无法确认账本',
    hint: '见证方暂时无法确认账本，请稍后再查看；您的授权状态不受影响。如长时间仍无法确认，请向报名学校或12345政务服务热线反映。',
  },
  NOTICE_CHANGED: { message: '授权说明已更新', hint: '授权说明已更新，请重新阅读后再同意。' },
  NOTICE_NOT_FOUND: {
    message: '未找到该授权说明',
    hint: '请返回“我的授权”刷新后重试；如仍无法查看，请截图保存本页，并向报名学校或12345政务服务热线反映。',
  },
  RECORD_ALTERED: {
    message: '您的授权记录被改动',
    hint: '账本中这条授权记录的内容与其存证哈希不符。请勿继续使用，请截图保存本页，并向报名学校或12345政务服务热线反映。',
  },
}
