import path from 'node:path'
import type { IPluginContext, TaroPlatformBase } from '@tarojs/service'
import attributes from './attributes.json'

/**
 * Screen-reader roles and names for the WeChat build. Taro's weapp template binds only the
 * props it knows on view/text/image/input, so `aria-role`/`aria-label`/… from src/components/a11y.ts
 * were dropped. WeChat's components read these (aria-component, base library ≥ 2.7.1). This adds them
 * to the template (an empty default binds `{{i.pN}}`, no value when unset) and, through runtimePath,
 * to the runtime's component list so both give them the same short names. Same mechanism as
 * @tarojs/plugin-inject's `components` option, whose published versions lag Taro 4.2.
 */
export default (ctx: IPluginContext) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform: TaroPlatformBase) {
      if (platform.platform !== 'weapp') return
      platform.template.mergeComponents(ctx, attributes)
      const runtime = path.resolve(__dirname, 'runtime.js')
      platform.runtimePath = ([] as string[]).concat(platform.runtimePath, runtime)
    },
  })
}
