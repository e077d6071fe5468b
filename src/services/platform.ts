/** Build-time constant: Taro replaces process.env.TARO_ENV, so the other branch is dropped. */
export const isH5 = process.env.TARO_ENV === 'h5'

export const PAGES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  verifySim: '/pages/verify-sim/index',
} as const
