/** Build-time constant: Taro replaces process.env.TARO_ENV, so the other branch is dropped. */
export const isH5 = process.env.TARO_ENV === 'h5'

export const PAGES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  verifySim: '/pages/verify-sim/index',
} as const

/**
 * The ID-card keyboard (digits and X) in WeChat; H5 has no such input type, so plain text there.
 * Inputs using it keep maxlength RAW_ID_NUMBER_MAX (types/auth) so a pasted spaced number is not cut.
 */
export const ID_INPUT_TYPE: 'idcard' | 'text' = process.env.TARO_ENV === 'weapp' ? 'idcard' : 'text'
