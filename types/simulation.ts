import { z } from 'zod'

/**
 * The local cloud's simulated face check (H5 only): the simulated camera page reports the
 * outcome the tester chose for a verify id, as WeChat's face service would record it.
 * `POST /sim/verify/<verifyId>` with this body.
 */
export const SimulatedOutcome = z.enum(['pass', 'no_record', 'failed'])
export type SimulatedOutcome = z.infer<typeof SimulatedOutcome>
export const SimulatedVerifyBody = z.object({ outcome: SimulatedOutcome })

/** `GET /local/demo-users`: stand-ins for WeChat accounts in H5. */
export const DemoUser = z.object({
  openid: z.string(),
  nickname: z.string(),
  /** What WeChat real-name info would prefill; the tester may type anything else. */
  suggested: z.object({ name: z.string(), idNumber: z.string() }).nullable(),
})
export const DemoUsers = z.array(DemoUser)
export type DemoUser = z.infer<typeof DemoUser>
