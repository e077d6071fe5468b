/**
 * What the app collects, and why: the one list behind the privacy popup, its in-app guide (H5)
 * and docs/DEPLOY.md §用户隐私保护指引 (test/unit/privacy.test.ts checks DEPLOY.md names each).
 * WeChat shows the guide declared in the mini-program admin (wx.openPrivacyContract), so the
 * admin's 用户隐私保护指引 must declare the same items with the same purposes.
 */
export interface PrivacyItem {
  /** The information, as the admin's guide and the popup name it. */
  info: string
  /** 用途: what it is used for (the guide shows it as “为了…”). */
  purpose: string
}

export const PRIVACY_ITEMS: readonly PrivacyItem[] = [
  { info: '姓名、身份证号码', purpose: '实名登录，关联被监护人，代他人健康申报，委托代办时核对身份' },
  { info: '人脸信息（通过微信人脸核身）', purpose: '登录及查看完整证照等敏感操作前核验是本人；人脸图像由微信处理，本小程序只接收核验结果' },
  { info: '手机号', purpose: '健康申报时填写联系电话，便于学校联系' },
  { info: '健康信息（体温、身体状况、当前所在地、接触史）', purpose: '学校成员每日健康申报' },
  { info: '电子证照信息（居民身份证、户口簿、出生医学证明、不动产权证书）', purpose: '在个人数字空间查看、下载证照，并经您授权后提供给入学报名等业务系统' },
  { info: '微信账号标识（openid）', purpose: '识别登录的微信账号，保证同一时间只有一台设备登录' },
]

/** What cannot be done without agreeing (the popup and the refusal notice say so). */
export const WITHOUT_AGREEING = '实名登录、进行人脸识别验证和填写身份证号码'

export const GUIDE_NAME = '《粤省事·学校服务用户隐私保护指引》'
