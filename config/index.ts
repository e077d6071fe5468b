import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Compiled with the app though outside `src/`: `types/` (the zod contract shared with the
 * functions) and `cloudfunctions/domain/` (pure rules the device also checks: masking, ledger proofs).
 */
const contractDir = [path.resolve(__dirname, '..', 'types'), path.resolve(__dirname, '..', 'cloudfunctions/domain')]

// https://docs.taro.zone/docs/config-detail
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'yue-school-space',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    // TARO_SOURCE_ROOT: `npm run size` builds an empty app (scripts/size-floor) with this same config.
    sourceRoot: process.env.TARO_SOURCE_ROOT || 'src',
    // One output folder per platform, so the H5 and weapp builds never overwrite each other.
    // TARO_OUTPUT_ROOT lets parallel checkouts/test runs build side by side (the e2e H5_DIR).
    outputRoot: process.env.TARO_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`,
    // weapp only: binds aria-role / aria-label / … on view, text, image and input (config/weapp-a11y).
    plugins: process.env.TARO_ENV === 'weapp' ? [path.resolve(__dirname, 'weapp-a11y/index.ts')] : [],
    // Defaults for `process.env.TARO_APP_*` the app reads; `.env.[mode]` values override them. Without a
    // default an unset one stays `process.env.X` in the weapp bundle, where there is no `process`.
    // TARO_APP_TRANSPORT=http + TARO_APP_CLOUD_URL (`npm run build:weapp:local`): the weapp build talks
    // to the local cloud over wx.request (src/services/localCloud.ts); read from the shell too.
    env: {
      TARO_APP_CLOUD_ENV: '""',
      TARO_APP_LEDGER_PUBLIC_KEY: '""',
      // Witnesses of the ledger the weapp trusts (docs/DEPLOY.md "Witnesses"): `<name>=<64 hex>=<label>;…`, and the quorum.
      TARO_APP_LEDGER_WITNESSES: '""',
      TARO_APP_LEDGER_WITNESS_QUORUM: '""',
      TARO_APP_TRANSPORT: JSON.stringify(process.env.TARO_APP_TRANSPORT ?? ''),
      TARO_APP_CLOUD_URL: JSON.stringify(process.env.TARO_APP_CLOUD_URL ?? ''),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: contractDir },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: contractDir },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
