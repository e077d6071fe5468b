/** The consent subpackage (app.config.ts `subPackages`, root `consent`); tiny, so the home page can link it. */
export const CONSENT_PAGES = {
  open: '/consent/open/index',
  mine: '/consent/mine/index',
  /** 政务码 and the 服务授权 a counter pushes: counter use lives beside the other authorizations. */
  code: '/consent/code/index',
  service: '/consent/service/index',
  delegate: '/consent/delegate/index',
  /** 输入授权码: the code typed instead of scanned (the school's page says 请牢记授权码). */
  enter: '/consent/enter/index',
} as const

import { AuthCode } from '../../types/consent'

/** The 授权码 checked before any call: a missing or mistyped one gets its own words, not a raw refusal. */
export function authCodeProblem(code: string): { message: string; hint: string } | null {
  if (!code) return { message: '未找到授权码', hint: '请用微信扫描报名系统提供的二维码，或打开报名系统给出的授权链接。' }
  if (!AuthCode.safeParse(code).success) {
    return { message: '授权码格式不正确', hint: '授权码为8位字母或数字（不含I、O、0、1）。请核对报名系统给出的授权码，或重新扫描二维码。' }
  }
  return null
}

/** What a parent types for the code, tidied: no spaces or dashes (copied from a screenshot), upper case. */
export function typedCode(raw: string): string {
  return raw.replace(/[\s\-－—_]/g, '').toUpperCase()
}

/** A typed 授权码 checked before any call: what is wrong and what to do, in the page's words. */
export function typedCodeProblem(code: string): { message: string; hint: string } | null {
  if (!code) return { message: '请输入授权码', hint: '授权码为报名系统提交申请后给出的8位字母或数字，也可以用微信扫描报名系统的二维码。' }
  if (!AuthCode.safeParse(code).success) {
    return { message: '授权码为8位字母或数字，请核对后重新输入', hint: '授权码由大写字母和数字组成，不含I、O、0、1。请对照报名系统页面或截图逐位核对。' }
  }
  return null
}

/** The 授权码 from a scanned QR code / link: `?code=`, or `scene` when opened by a mini-program code. */
export function codeFromParams(params: Record<string, string | undefined>): string {
  const raw = params.code ?? (params.scene ? decodeURIComponent(params.scene).replace(/^code=/, '') : '')
  return (raw ?? '').trim().toUpperCase()
}
