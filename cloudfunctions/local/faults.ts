import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Fault injection for the LOCAL cloud only (never part of a deployment: the CloudBase functions do
 * not import this folder): one function call in `every` is hit, so a browser or weapp-vm test can
 * show what a parent at the school gate with one bar of signal sees.
 * - `drop`: the connection is cut before the function runs (the phone sees a failed request);
 * - `late`: the function runs (the write happens), and its answer leaves only after `delayMs`,
 *   past the app's time limit (the phone gave up; a resend must be a replay, not a second entry).
 * Off unless LOCAL_FAULT is set (`npm start`) or a test sets it; `only` limits it to one function.
 */
export interface FaultPlan {
  mode: 'drop' | 'late'
  /** 1 = every call, 3 = the 3rd, 6th, 9th… */
  every: number
  delayMs: number
  /** A function name (`health`): other calls pass untouched. */
  only?: string
  /** Stop after this many faults (a test's "the next one fails"). */
  limit?: number
}

/** `drop:3`, `late:2:10000`, `drop:1:0:health` → a plan; '' or unset → off. A malformed value is an error at start. */
export function parseFault(raw: string | undefined): FaultPlan | null {
  if (!raw || !raw.trim()) return null
  const m = /^(drop|late):([1-9]\d*)(?::(\d+))?(?::([a-zA-Z]+))?$/.exec(raw.trim())
  if (!m) throw new Error(`LOCAL_FAULT 格式应为 drop:N 或 late:N[:毫秒][:函数名]，例如 drop:3、late:2:10000:health（收到 ${raw}）`)
  return { mode: m[1] as FaultPlan['mode'], every: Number(m[2]), delayMs: m[3] ? Number(m[3]) : 10_000, ...(m[4] ? { only: m[4] } : {}) }
}

export class FaultInjector {
  private plan: FaultPlan | null = null
  private seen = 0
  /** How many calls were hit since the plan was set. */
  hits = 0

  /** A new plan (or null: off); the count starts again. */
  set(plan: FaultPlan | null): void {
    this.plan = plan
    this.seen = 0
    this.hits = 0
  }

  get active(): FaultPlan | null {
    return this.plan
  }

  /**
   * Called for each `POST /cloud/<name>`: true when it dealt with the request (cut it); otherwise
   * the caller runs the function, and a `late` fault holds the answer back.
   */
  intercept(name: string, req: IncomingMessage, res: ServerResponse): boolean {
    const p = this.plan
    if (!p || (p.only && p.only !== name) || (p.limit !== undefined && this.hits >= p.limit)) return false
    this.seen++
    if (this.seen % p.every !== 0) return false
    this.hits++
    if (p.mode === 'drop') {
      req.socket.destroy()
      return true
    }
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse
    const delayMs = p.delayMs
    ;(res as { end: (...a: unknown[]) => ServerResponse }).end = (...a: unknown[]) => {
      setTimeout(() => {
        if (!res.destroyed) end(...a)
      }, delayMs).unref()
      return res
    }
    return false
  }
}
