import type { AppErrorBody, ErrorCode } from '../../types/errors'
import { HEALTH_ERROR_TEXT } from './health/errors'
import { CONSENT_ERROR_TEXT } from './consent/errors'
import { COUNTER_ERROR_TEXT } from './counter/errors'

/**
 * Every error code with a Chinese message and a next step (ARCHITECTURE.md "Principles").
 * Wording of the face failures follows seed 002 (login flow and FAQ 15).
 */
export const ERROR_TEXT: Record<ErrorCode, { message: string; hint: string }> = {
  BAD_REQUEST: { message: '请求内容不正确', hint: '请检查填写的内容后重试；如仍有问题，请更新小程序后再试。' },
  ID_NUMBER_INVALID: { message: '身份证号码不正确', hint: '请核对身份证号码后重新输入，末位X请输入大写或小写x均可。' },
  NOT_LOGGED_IN: { message: '尚未登录', hint: '请先进行实名认证登录。' },
  SESSION_REPLACED: {
    message: '已在其他设备登录',
    hint: '为保证信息安全，同一时间只允许在一台设备登录。如非本人操作，请重新登录并进行人脸识别。',
  },
  SESSION_EXPIRED: { message: '登录已过期', hint: '请重新登录并进行实名认证。' },
  VERIFICATION_REQUIRED: {
    message: '该操作需要先验证本人身份',
    hint: '为保护您的个人信息，查看证件详情等操作前需近期验证过本人身份，请验证后继续。',
  },
  VERIFICATION_NOT_FOUND: { message: '未找到本次认证记录', hint: '请返回重新发起认证。' },
  VERIFICATION_USED: { message: '本次认证结果已使用', hint: '每次认证结果只能使用一次，请重新发起认证。' },
  VERIFICATION_EXPIRED: { message: '本次认证已超时', hint: '请返回重新发起认证。' },
  VERIFICATION_PENDING: { message: '尚未完成认证', hint: '请按提示完成人脸识别或微信支付密码认证后再继续。' },
  FACE_NO_RECORD: {
    message: '系统未包含该身份信息',
    hint: '公安库暂无您的人脸信息。如本人微信已绑定本人银行卡，可选择“微信支付密码认证”；如仍无法认证，请携带本人身份证件到线下窗口办理。',
  },
  FACE_CHECK_FAILED: {
    message: '未能通过人脸检测',
    hint: '请检查网络环境后重试，或删除小程序后重新登录；如仍不能识别成功，可选择“微信支付密码认证”。',
  },
  WXPAY_CHECK_FAILED: {
    message: '微信支付密码认证未通过',
    hint: '请确认是本人登录并已绑定本人的银行卡；如仍无法认证，可改用人脸识别。',
  },
  METHOD_UNAVAILABLE: { message: '该认证方式暂不可用', hint: '请选择其他认证方式。' },
  NOT_FOUND: { message: '未找到相关信息', hint: '请返回上一页刷新后重试。' },
  REGISTRY_NO_RECORD: {
    message: '证照库中未查到您的该类证照',
    hint: '请确认证照由广东省内部门签发；如仍无法申领，可在报名系统“申报类型”中选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质证件供学校核验。',
  },
  NOT_PARENT_ON_BIRTH_CERT: {
    message: '未查到登记您为父亲或母亲的出生医学证明',
    hint: '只有出生医学证明上登记的父亲或母亲才能申领（按本人姓名和身份证号码核对）。如姓名变更过或孩子在广东省外出生，请在报名系统选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质出生医学证明、户口簿等材料供学校核验。',
  },
  CHILD_RECORDS_UNAVAILABLE: {
    message: '暂未能获取被监护人的证照',
    hint: '被监护人的户口簿或身份信息暂不能在线获取。请在报名系统选择“户籍生待审类（含未授权）”报名，现场报名时携带纸质户口簿、出生医学证明等材料供学校核验。',
  },
  GUARDIAN_REQUIRED: {
    message: '未满十四周岁的未成年人不能本人授权',
    hint: '根据《个人信息保护法》第三十一条，请由父母登录数字空间，通过出生医学证明关联被监护人后代为授权；无法在线关联的，选择“户籍生待审类（含未授权）”报名并携带纸质材料现场核验。',
  },
  FORBIDDEN: { message: '无权进行此操作', hint: '请使用本人微信重新登录后再试。' },
  UNKNOWN_FUNCTION: { message: '服务不存在', hint: '请更新小程序后重试。' },
  INTERNAL: { message: '系统繁忙，请稍后重试', hint: '如多次出现，请检查网络后重试或稍后再来。' },
  ...HEALTH_ERROR_TEXT,
  ...CONSENT_ERROR_TEXT,
  ...COUNTER_ERROR_TEXT,
}

/**
 * The face failures' next steps when 微信支付密码认证 cannot be offered (the WeChat verifier does
 * not support it): retry, then the counter. 代他人填报 is health's own way out (seed 002): the login
 * page adds it only when the login is for a health invite (src/pages/login/LoginFailure.tsx).
 */
export const FACE_HINT_WITHOUT_WXPAY: Record<'FACE_NO_RECORD' | 'FACE_CHECK_FAILED', string> = {
  FACE_NO_RECORD:
    '公安库暂无您的人脸信息。请核对姓名和身份证号码后重试；如仍无法认证，请携带本人身份证件到线下窗口办理。',
  FACE_CHECK_FAILED:
    '请检查网络环境后重试，或删除小程序后重新登录；如仍不能识别成功，请携带本人身份证件到线下窗口办理。',
}

/**
 * A failed fresh check inside a live session (SPEC §1: viewing details, downloading, signing) is
 * not a failed login: its next step is to retry or use the other method right there, not to
 * reinstall the mini-program or have someone 代他人填报. Used when 微信支付密码认证 is offered.
 */
export const REVERIFY_HINT: Record<'FACE_NO_RECORD' | 'FACE_CHECK_FAILED' | 'WXPAY_CHECK_FAILED', string> = {
  FACE_NO_RECORD: '公安库暂无您的人脸信息，请改用微信支付密码认证验证本人身份。',
  FACE_CHECK_FAILED: '请正对手机、在光线充足处重试；或改用微信支付密码认证。',
  WXPAY_CHECK_FAILED: '请确认已绑定本人银行卡后重试；或改用人脸识别认证。',
}

/** The same, where the verifier has face verification only (WeChat adapter). */
export const REVERIFY_HINT_WITHOUT_WXPAY: Record<'FACE_NO_RECORD' | 'FACE_CHECK_FAILED', string> = {
  FACE_NO_RECORD: '公安库暂无您的人脸信息，暂时无法在线验证本人身份，完整信息将继续屏蔽；需要时请携带纸质证件到现场办理。',
  FACE_CHECK_FAILED: '请正对手机、在光线充足处重试。',
}

/**
 * A failure the user can act on; `detail` replaces the generic message (e.g. the precise ID reason),
 * `hint` the generic next step (e.g. when a method the default names is unavailable).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly hint?: string,
  ) {
    super(detail ?? ERROR_TEXT[code].message)
    this.name = 'AppError'
  }

  toBody(): AppErrorBody {
    return { code: this.code, message: this.detail ?? ERROR_TEXT[this.code].message, hint: this.hint ?? ERROR_TEXT[this.code].hint }
  }
}

export function errorBody(code: ErrorCode, detail?: string): AppErrorBody {
  return new AppError(code, detail).toBody()
}
