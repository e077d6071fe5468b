import type { COUNTER_ERROR_CODES } from '../../../types/counterErrors'

/** Messages and next steps of counter use; the citizen's side reads like seed 004 (免证办). */
export const COUNTER_ERROR_TEXT: Record<(typeof COUNTER_ERROR_CODES)[number], { message: string; hint: string }> = {
  CODE_UNREADABLE: { message: '无法识别该政务码', hint: '请让办事人刷新政务码后重新扫描，或输入政务码下方的12位数字。' },
  CODE_NOT_FOUND: { message: '政务码无效', hint: '请让办事人在小程序中打开“政务码”，扫描当前显示的二维码。' },
  CODE_EXPIRED: { message: '政务码已过期', hint: '政务码每30秒自动刷新、60秒内有效，截图无效。请让办事人出示手机上当前的政务码。' },
  CODE_USED: { message: '政务码已被使用', hint: '每个政务码只能扫描一次。请让办事人出示手机上刷新后的政务码。' },
  COUNTER_UNAUTHORIZED: { message: '窗口账号未登录或登录已失效', hint: '请使用窗口账号重新登录。' },
  MATTER_NOT_ALLOWED: { message: '本窗口未登记该事项', hint: '请选择本窗口可办理的事项；如需新增，请联系系统管理员登记。' },
  CASE_NOT_FOUND: { message: '未找到该办理记录', hint: '请返回重新扫码受理。' },
  CASE_ANSWERED: { message: '该授权已处理', hint: '请返回查看最新的办理状态。' },
  CASE_EXPIRED: { message: '授权请求已超时', hint: '办事人未在5分钟内确认。请重新扫描办事人当前的政务码。' },
  TICKET_INVALID: { message: '二维码已失效', hint: '刷脸办二维码3分钟内有效、只能使用一次。请窗口工作人员重新生成二维码后再扫描。' },
  DELEGATION_NOT_FOUND: { message: '委托不存在或已结束', hint: '请委托人在“委托代办”中重新发起委托，代办人接受后再出示委托人身份码。' },
  DELEGATION_ENDED: { message: '委托已结束', hint: '委托人已结束这项委托，本次办理随之结束。如需继续办理，请委托人本人到窗口，或重新发起委托。' },
  DELEGATION_EXPIRED: { message: '委托已过期', hint: '这项委托已过有效期，本次办理随之结束。如需继续办理，请委托人重新发起委托。' },
  DELEGATION_SELF: { message: '不能委托给自己', hint: '请填写代您办理的家人或朋友的姓名和身份证号码。' },
  CARD_NOT_IN_SPACE: {
    message: '未找到办事人的电子证照',
    hint: '办事人尚未在“粤省事·学校服务”实名登录并领取电子证照，或证件信息不一致。请办事人提交纸质材料办理。',
  },
  COUNTER_SIGNIN_LOCKED: {
    message: '登录失败次数过多，请稍后再试',
    hint: '为保护窗口账号安全，15分钟内连续输错密码5次后需等待15分钟才能再次登录。如忘记密码，请联系系统管理员重置。',
  },
  KIOSK_NOT_PAIRED: { message: '评价器未配对或已解除配对', hint: '请窗口工作人员在受理台点击“配对评价器”，在评价器上输入显示的配对码。' },
  KIOSK_PAIR_INVALID: { message: '配对码无效或已过期', hint: '配对码5分钟内有效、只能使用一次。请在窗口受理台重新生成配对码后输入。' },
  KIOSK_DEVICE_NOT_FOUND: { message: '未找到该评价器', hint: '请刷新评价器列表后重试。' },
  COUNTER_READ_REFUSED: { message: '无权读取该证照', hint: '办事人未授权、授权已结束或超出事项范围。请重新扫码并请办事人确认授权。' },
}
