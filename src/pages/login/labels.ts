import type { VerifyMethod } from '../../../types/auth'

/** Wording from seeds 000/002/003 (tests click these texts). */
export const METHOD_LABEL: Record<VerifyMethod, string> = {
  face: '人脸识别认证',
  wxpay: '微信支付密码认证',
}
export const START_LABEL: Record<VerifyMethod, string> = {
  face: '开始人脸识别验证',
  wxpay: '开始微信支付密码认证',
}
export const PURPOSE_LINE: Record<VerifyMethod, string> = {
  face: '当前业务需要人脸识别验证',
  wxpay: '当前业务需要微信支付密码认证，请确认已绑定本人银行卡',
}
/** Seed 002: when neither method works, someone trusted files on the user's behalf (SPEC §5). */
export const PROXY_NOTE = '健康申报：如仍无法认证，可由父母、亲友、老师等可信赖的人员“代他人填报”。'
