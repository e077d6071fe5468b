import raw from '../../fixtures/registry.json'
import type { LocalCloud } from '../../cloudfunctions/local/server'
import { RegistryFixture } from '../../types/registry'
import { SpaceResults, type SpaceAction, type SpaceData } from '../../types/space'

/** The default fixture, for names to log in with (tests pick people by ID number). */
export const fixture = RegistryFixture.parse(raw)
export const personOf = (idNumber: string) => {
  const p = fixture.people.find((x) => x.idNumber === idNumber)
  if (!p) throw new Error(`no fixture person ${idNumber.slice(0, 4)}…`)
  return p
}

export type SpaceReply<A extends SpaceAction> = { ok: true; data: SpaceData[A] } | { ok: false; error: { code: string; message: string; hint: string } }

/** Talks to a local cloud over HTTP exactly as the H5 app does (POST /cloud/<fn>, X-WX-OPENID). */
export function cloudClient(getCloud: () => LocalCloud) {
  const bodies: string[] = []
  async function post(pathname: string, body: unknown, openid?: string): Promise<any> {
    const res = await fetch(getCloud().url + pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      body: JSON.stringify(body),
    })
    const text = await res.text()
    bodies.push(text)
    return JSON.parse(text)
  }

  async function verify(openid: string, start: Record<string, unknown>, sessionToken?: string) {
    const started = await post('/cloud/auth', { action: 'startVerification', method: 'face', ...start }, openid)
    if (!started.ok) throw new Error(`start: ${started.error.code}`)
    await post(`/sim/verify/${encodeURIComponent(started.data.verifyId)}`, { outcome: 'pass' })
    const done = await post('/cloud/auth', { action: 'completeVerification', verifyId: started.data.verifyId, sessionToken }, openid)
    if (!done.ok) throw new Error(`complete: ${done.error.code}`)
    return done.data
  }

  /** Logs a fixture person in through the simulated camera; returns a caller bound to that session. */
  async function login(openid: string, idNumber: string) {
    const { name } = personOf(idNumber)
    const { sessionToken } = await verify(openid, { purpose: 'login', name, idNumber })
    const space = async <A extends SpaceAction>(action: A, rest: Record<string, unknown> = {}): Promise<SpaceReply<A>> =>
      SpaceResults[action].parse(await post('/cloud/space', { action, sessionToken, ...rest }, openid)) as SpaceReply<A>
    const ok = async <A extends SpaceAction>(action: A, rest: Record<string, unknown> = {}): Promise<SpaceData[A]> => {
      const r = await space(action, rest)
      if (!r.ok) throw new Error(`${action} failed: ${r.error.code} ${r.error.message}`)
      return r.data
    }
    const reverify = () => verify(openid, { purpose: 'reverify', sessionToken }, sessionToken)
    return { openid, sessionToken, space, ok, reverify, raw: (body: Record<string, unknown>) => post('/cloud/space', { sessionToken, ...body }, openid) }
  }

  return { post, login, bodies }
}
