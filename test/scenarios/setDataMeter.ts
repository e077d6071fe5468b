import { writeFileSync } from 'node:fs'
import type { PageInstance } from '../helpers/weappVm'
import { describeTarget, type Driver } from './driver'
import type { ScenarioWorld } from './journeys'

/**
 * What crosses from the logic layer to the view in WeChat: every setData of the weapp bundle run
 * headless (weapp-vm), its size as WeChat counts it (the JSON of the data argument, UTF-8 bytes),
 * grouped by the user's step that caused it. A step is one action of a journey (launch, open a
 * page, a tap, typing into a field) and everything the pages render until the next action.
 */
export interface SetDataCall {
  route: string
  bytes: number
}

export interface Step {
  name: string
  kind: 'launch' | 'open' | 'tap' | 'type'
  calls: SetDataCall[]
}

/** WeChat caps one call at 1,024 kB; ours is far tighter: a phone pays for every byte it renders. */
export const BUDGET = { stepBytes: 64 * 1024, callBytes: 32 * 1024, tapCalls: 3 } as const

export const bytesOf = (patch: unknown): number => Buffer.byteLength(JSON.stringify(patch), 'utf8')
export const totalOf = (s: Step): number => s.calls.reduce((n, c) => n + c.bytes, 0)
export const largestOf = (s: Step): number => s.calls.reduce((n, c) => Math.max(n, c.bytes), 0)

/** Why a step is over the budget (empty when within). */
export function overBudget(s: Step): string[] {
  const out: string[] = []
  if (totalOf(s) > BUDGET.stepBytes) out.push(`total ${kb(totalOf(s))} > ${kb(BUDGET.stepBytes)}`)
  if (largestOf(s) > BUDGET.callBytes) out.push(`one call ${kb(largestOf(s))} > ${kb(BUDGET.callBytes)}`)
  if (s.kind === 'tap' && s.calls.length > BUDGET.tapCalls) out.push(`${s.calls.length} calls > ${BUDGET.tapCalls} per tap`)
  return out
}

export const kb = (n: number): string => `${(n / 1024).toFixed(1)} kB`

/** The first render of a page: the calls on its instance during the step that opened it. */
export interface FirstRender {
  route: string
  step: string
  calls: number
  bytes: number
  largest: number
}

export class SetDataMeter {
  readonly steps: Step[] = []
  readonly firstRenders = new Map<string, FirstRender>()
  private current: Step | null = null
  private readonly opened = new Map<PageInstance, FirstRender | null>()
  private readonly openedIn = new Map<PageInstance, Step>()
  private largest = 0

  /** Hand this to weappVmDriver({ onSetData }). */
  readonly onSetData = (page: PageInstance, patch: Record<string, unknown>): void => {
    const call = { route: page.route, bytes: bytesOf(patch) }
    // SETDATA_DUMP=<file>: the largest call so far, as sent, to see what its bytes are.
    if (process.env.SETDATA_DUMP && call.bytes > this.largest) {
      this.largest = call.bytes
      writeFileSync(process.env.SETDATA_DUMP, JSON.stringify(patch, null, 1))
    }
    const step = this.current ?? this.begin('(before any step)', 'launch')
    step.calls.push(call)
    if (!this.opened.has(page)) {
      const first = this.firstRenders.has(page.route) ? null : { route: page.route, step: step.name, calls: 0, bytes: 0, largest: 0 }
      if (first) this.firstRenders.set(page.route, first)
      this.opened.set(page, first)
      this.openedIn.set(page, step)
    }
    const first = this.opened.get(page)
    if (first && this.openedIn.get(page) === step) {
      first.calls++
      first.bytes += call.bytes
      first.largest = Math.max(first.largest, call.bytes)
    }
  }

  begin(name: string, kind: Step['kind']): Step {
    this.current = { name, kind, calls: [] }
    this.steps.push(this.current)
    return this.current
  }

  /** The journeys' world: what it does outside the phone (a counter scanning) starts a step of its own. */
  wrapWorld(w: ScenarioWorld, label: string): ScenarioWorld {
    const out = {} as Record<string, unknown>
    for (const [k, f] of Object.entries(w)) {
      out[k] = async (...a: unknown[]) => {
        this.begin(`${label} · (outside the phone) ${k}`, 'open')
        return (f as (...a: unknown[]) => unknown)(...a)
      }
    }
    return out as unknown as ScenarioWorld
  }

  /** The driver with every action starting a step named `<label> · <action>`. */
  wrap(d: Driver, label: string): Driver {
    return {
      ...d,
      newPhone: async () => {
        this.begin(`${label} · launch (home)`, 'launch')
        await d.newPhone()
      },
      open: async (p) => {
        this.begin(`${label} · open ${p.split('?')[0]}`, 'open')
        await d.open(p)
      },
      tap: async (t) => {
        // What renders while the tap waits for its target belongs to the step before.
        await d.see(t)
        this.begin(`${label} · tap ${describeTarget(t)}`, 'tap')
        await d.tap(t)
      },
      type: async (field, value) => {
        this.begin(`${label} · type into field ${field + 1}`, 'type')
        await d.type(field, value)
      },
    }
  }
}

/** The printed report: every step, the worst ones, first renders, and what is over the budget. */
export function report(m: SetDataMeter, worst = 10): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n)
  const line = (s: Step) => `${pad(s.calls.length, 5)} ${pad(kb(totalOf(s)), 10)} ${pad(kb(largestOf(s)), 10)}  ${s.name}`
  const head = `${pad('calls', 5)} ${pad('total', 10)} ${pad('largest', 10)}  step`
  const steps = m.steps.filter((s) => s.calls.length > 0)
  const over = m.steps.map((s) => ({ s, why: overBudget(s) })).filter((x) => x.why.length > 0)
  const firsts = [...m.firstRenders.values()].sort((a, b) => b.bytes - a.bytes)
  return [
    `every step (${m.steps.length}, ${m.steps.length - steps.length} without any setData):`,
    head,
    ...steps.map(line),
    '',
    `the ${worst} heaviest steps:`,
    head,
    ...[...steps].sort((a, b) => totalOf(b) - totalOf(a)).slice(0, worst).map(line),
    '',
    'first render of each page (calls on its instance in the step that opened it):',
    `${pad('calls', 5)} ${pad('total', 10)} ${pad('largest', 10)}  page`,
    ...firsts.map((f) => `${pad(f.calls, 5)} ${pad(kb(f.bytes), 10)} ${pad(kb(f.largest), 10)}  ${f.route}`),
    '',
    `budget: ≤ ${kb(BUDGET.stepBytes)} per step, ≤ ${kb(BUDGET.callBytes)} per call, ≤ ${BUDGET.tapCalls} calls per tap`,
    over.length === 0 ? '  every step within the budget ✓' : `  ${over.length} step(s) over the budget:`,
    ...over.flatMap(({ s, why }) => [`  ✗ ${s.name}: ${why.join('; ')}`, `      calls: ${s.calls.map((c) => `${c.route} ${kb(c.bytes)}`).join(', ')}`]),
  ].join('\n')
}
