/** Build-time constant: Taro replaces process.env.TARO_ENV, so the other branch is dropped. */
export const isH5 = process.env.TARO_ENV === 'h5'

/**
 * The app talks to the local cloud (`npm start`) instead of CloudBase: always in H5, and in the
 * WeChat build made with TARO_APP_TRANSPORT=http (`npm run build:weapp:local`, for WeChat DevTools
 * with 不校验合法域名 on). Then demo users stand in for WeChat accounts and the simulated camera
 * page for WeChat's face service, exactly as in H5. Inline env tests, so a production weapp build
 * drops every local-cloud branch.
 */
export const usesLocalCloud = process.env.TARO_ENV === 'h5' || process.env.TARO_APP_TRANSPORT === 'http'

export const PAGES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  help: '/pages/help/index',
  verifySim: '/pages/verify-sim/index',
} as const

/**
 * The ID-card keyboard (digits and X) in WeChat; H5 has no such input type, so plain text there.
 * Inputs using it keep maxlength RAW_ID_NUMBER_MAX (types/auth) so a pasted spaced number is not cut.
 */
export const ID_INPUT_TYPE: 'idcard' | 'text' = process.env.TARO_ENV === 'weapp' ? 'idcard' : 'text'
