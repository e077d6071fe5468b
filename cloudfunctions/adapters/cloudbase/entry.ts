/**
 * CloudBase runtime glue shared by the deployed entry points, kept free of the node-sdk import
 * so tests can drive it with fakes (STACK.md: tests must never reach the real SDK).
 */

/** The parts of `@cloudbase/node-sdk` and its app used to find the caller. */
export interface CallerSource {
  getCloudbaseContext(context?: any): { WX_OPENID?: string }
  getUserInfo(): { openId: string }
}

/**
 * The caller's openid, injected by CloudBase when the mini-program calls the function. node-sdk
 * reads it as WX_OPENID from the invocation's `context.environment` (taking precedence over
 * process.env), which is why the context is passed; `app.auth().getUserInfo()` reads process.env
 * only (CLOUDBASE.md; @cloudbase/node-sdk src/utils/tcbcontext.ts, src/auth/index.ts).
 * HTTP-triggered calls carry none: '' then, and the handler refuses anything needing a user.
 */
export function callerOpenid(context: unknown, source: CallerSource): string {
  try {
    const fromContext = source.getCloudbaseContext(context ?? undefined).WX_OPENID
    if (fromContext) return fromContext
  } catch {
    // parseContext throws INVALID_CONTEXT for a context without environment/environ.
  }
  return source.getUserInfo().openId || ''
}

/**
 * Builds once per function instance, on first use, and shares the result between calls; a
 * failed build is forgotten so the next call retries instead of failing forever.
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null
  return () => {
    pending ??= make().catch((e) => {
      pending = null
      throw e
    })
    return pending
  }
}
