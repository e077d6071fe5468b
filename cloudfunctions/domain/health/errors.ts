import type { HEALTH_ERROR_CODES } from '../../../types/healthErrors'
import { PROXY_LIMIT_MESSAGE } from './proxies'

/** Messages and next steps of the health codes; wording follows seed 002's FAQ where it has one. */
export const HEALTH_ERROR_TEXT: Record<(typeof HEALTH_ERROR_CODES)[number], { message: string; hint: string }> = {
  DOC_NUMBER_INVALID: { message: '证件号码格式不正确', hint: '请核对证件类型和号码后重新输入。' },
  INVITE_INVALID: {
    message: '邀请卡片无法识别',
    hint: '请点击采集员在微信聊天界面发送的原始邀请卡片；添加申报人不能直接从小程序入口进入。',
  },
  INVITE_EXPIRED: { message: '邀请卡片已过期', hint: '请联系采集员在微信聊天界面重新发送邀请卡片。' },
  INVITE_STALE: {
    message: '已退出该组织，这张邀请卡片不能再次使用',
    hint: '退出组织后需要采集员在微信聊天界面重新发送邀请卡片，点击新卡片重新加入组织后才能再次申报。',
  },
  PROXY_LIMIT: { message: '该申报人已有 2 位代填人', hint: PROXY_LIMIT_MESSAGE },
  DAY_LOCKED: {
    message: '采集员已提交当日数据，当日不能再申报',
    hint: '如有特殊情况需更新个人健康申报数据，请联系采集员说明变动情况。',
  },
  DAY_CLOSED: {
    message: '已过截止时间，不能再修改已提交的申报',
    hint: '截止时间前可以多次申报，系统只统计最新一次数据。如需更新，请联系采集员说明变动情况。',
  },
  DAY_OUT_OF_WINDOW: { message: '只能提交本日数据，或补提交昨日数据', hint: '请返回选择“提交本日数据”或“补提交昨日数据”。' },
  CLIENT_ID_REUSED: { message: '该次提交已记录，内容不一致', hint: '请返回刷新后重新填写并提交。' },
  NOT_A_MEMBER: {
    message: '申报人不是该组织的成员',
    hint: '请点击该组织采集员在微信聊天界面发送的邀请卡片加入组织后再申报。',
  },
  NOT_BOUND: {
    message: '该申报人不在您的申报人列表中',
    hint: '为他人代填需要点击采集员发送的邀请卡片，选择“代他人填报”并绑定申报人。',
  },
  NOT_COLLECTOR: { message: '只有该组织的采集员可以进行此操作', hint: '如需查看组织数据，请联系创建组织的采集员（班主任、辅导员等）。' },
  DECLARANT_MISMATCH: {
    message: '申报人姓名与证件号码不一致',
    hint: '请核对申报人的姓名是否与居民身份证登记的姓名一致（含生僻字、间隔号），并核对证件号码后重新输入；如确认无误，请联系采集员处理。',
  },
  EXPORT_JOB_TAKEN: { message: '导出任务编号已被使用', hint: '请返回工作台重新导出。' },
}
