import { control, fieldLabel, scrollRegion } from '../../src/components/a11y'

describe('control(): a tappable element as screen readers need it', () => {
  it('H5: role, focusable, name and state as ARIA attributes', () => {
    expect(control('checkbox', { checked: true, label: '我已认真阅读并同意' }, 'h5')).toEqual({
      role: 'checkbox', tabIndex: 0, 'aria-label': '我已认真阅读并同意', 'aria-checked': 'true',
    })
    expect(control('tab', { selected: false }, 'h5')).toEqual({ role: 'tab', tabIndex: 0, 'aria-selected': 'false' })
  })

  it('H5: a disabled control says so and leaves the focus order', () => {
    expect(control('button', { disabled: true }, 'h5')).toEqual({ role: 'button', tabIndex: -1, 'aria-disabled': 'true' })
  })

  it('WeChat: aria-role instead of role, no tabIndex (the platform has none)', () => {
    expect(control('button', { label: '提醒未申报' }, 'weapp')).toEqual({ 'aria-role': 'button', 'aria-label': '提醒未申报' })
    expect(control('radio', { checked: false }, 'weapp')).toEqual({ 'aria-role': 'radio', 'aria-checked': 'false' })
  })
})

describe('fieldLabel() and scrollRegion()', () => {
  it('a field label reaches Taro H5’s own <input> through nativeProps', () => {
    expect(fieldLabel('身份证号码')).toEqual({ 'aria-label': '身份证号码', nativeProps: { 'aria-label': '身份证号码' } })
  })
  it('a scrolling list is a named, focusable region in H5', () => {
    expect(scrollRegion('访问记录', 'h5')).toEqual({ role: 'region', 'aria-label': '访问记录', tabIndex: 0 })
    expect(scrollRegion('访问记录', 'weapp')).toEqual({ 'aria-label': '访问记录' })
  })
})
