// Runs in the mini-program before the first render: the runtime must know the same extra props as
// the template (config/weapp-a11y/index.ts), or its short prop names (p0, p1, …) would not match.
import { mergeInternalComponents } from '@tarojs/shared'
import attributes from './attributes.json'

mergeInternalComponents(attributes)
