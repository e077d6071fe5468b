// The simulated camera exists only with the local cloud (H5, and the weapp build made with
// TARO_APP_TRANSPORT=http for WeChat DevTools); WeChat has the real face service.
const localOnly = process.env.TARO_ENV === 'h5' || process.env.TARO_APP_TRANSPORT === 'http' ? ['pages/verify-sim/index'] : []

// H5: no page-switch animation. Taro's router hides the old page on a timer after the animation,
// so a reLaunch right after navigateBack (verify → home) left every page hidden (STACK.md).
const h5Window = process.env.TARO_ENV === 'h5' ? { animation: false } : {}

// WeChat's privacy check (小程序隐私协议开发指南): on for every user since 2023-10-17 whatever the
// flag says, and only with it in DevTools before then; the popup is src/components/PrivacyPopup.
const weappPrivacy = process.env.TARO_ENV === 'weapp' ? { __usePrivacyCheck__: true } : {}

export default defineAppConfig({
  ...h5Window,
  ...weappPrivacy,
  pages: ['pages/index/index', 'pages/login/index', 'pages/profile/index', 'pages/help/index', ...localOnly],
  subPackages: [
    // 个人数字空间: secondary flows kept out of the main package (WeChat size limit).
    {
      root: 'space',
      pages: [
        'index/index',
        'detail/index',
        'link/index',
        'dead-end/index',
        'children/index',
        'child/index',
        'history/index',
        'reports/index',
        'report/index',
        'download/index',
      ],
    },
    // 学校成员健康申报: the invitation card opens health/invite/index directly.
    { root: 'health', pages: ['index/index', 'invite/index', 'add/index', 'form/index', 'workbench/index', 'create/index'] },
    // 授权: the request QR code / link opens consent/open/index?code=<授权码>; 政务码 and
    // 服务授权 (counter use) are authorizations too.
    { root: 'consent', pages: ['open/index', 'mine/index', 'code/index', 'service/index', 'delegate/index', 'enter/index'] },
  ],
  window: {
    // 'default' also makes Taro's H5 router draw the WeChat-style bar (title + back).
    navigationStyle: 'default',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    navigationBarTitleText: '粤省事·学校服务',
    backgroundColor: '#f5f6f7',
    backgroundTextStyle: 'light',
  },
})
