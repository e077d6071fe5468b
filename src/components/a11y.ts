/**
 * Props that make a tappable View or Text a real control for screen readers: a role, a
 * name, its state, and a place in the focus order. H5 renders them as role / aria-* / tabindex;
 * WeChat's own components read aria-role and aria-label (WeChat 无障碍, base library ≥ 2.x).
 */
export type ControlRole = 'button' | 'link' | 'checkbox' | 'radio' | 'tab'

export interface ControlState {
  /** The accessible name when the visible text is not enough (icons, "›", a short word). */
  label?: string
  /** checkbox / radio: ticked or not. */
  checked?: boolean
  /** tab: the current one. */
  selected?: boolean
  disabled?: boolean
}

type Props = Record<string, string | number>

export function control(role: ControlRole, s: ControlState = {}, env: string | undefined = process.env.TARO_ENV): Props {
  const p: Props = env === 'weapp' ? { 'aria-role': role } : { role, tabIndex: s.disabled ? -1 : 0 }
  if (s.label) p['aria-label'] = s.label
  if (s.checked !== undefined) p['aria-checked'] = String(s.checked)
  if (s.selected !== undefined) p['aria-selected'] = String(s.selected)
  if (s.disabled) p['aria-disabled'] = 'true'
  return p
}

/** Decorative marks (✓, ›, icons) that a screen reader should skip. */
export const decorative = { 'aria-hidden': 'true' } as const

/**
 * A form field's name, not its placeholder alone (the placeholder goes once typed). Taro's H5
 * Input/Textarea render their own <input>: the label reaches it through nativeProps.
 */
export function fieldLabel(label: string): { 'aria-label': string; nativeProps: Record<string, string> } {
  return { 'aria-label': label, nativeProps: { 'aria-label': label } }
}

/** A long read-only list that scrolls: named and focusable, so keyboard and switch users can scroll it. */
export function scrollRegion(label: string, env: string | undefined = process.env.TARO_ENV): Props {
  return env === 'weapp' ? { 'aria-label': label } : { role: 'region', 'aria-label': label, tabIndex: 0 }
}
