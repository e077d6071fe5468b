import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import type { HealthForm } from '../../types/health'
import { createOutbox, OUTBOX_KEY, type NewDeclaration, type OutboxEntry, type OutboxPorts, type SendOutcome } from '../../src/services/healthOutboxCore'

const root = path.resolve(__dirname, '../..')
const form: HealthForm = { phone: '13800138000', currentLocation: '惠州市惠城区', temperature: 36.5, symptoms: [], riskContact: false, riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none' }

/** A phone: storage kept as JSON text (as wx keeps it), a server that counts each client id once, a network that can be down. */
function phone(storage = new Map<string, string>(), server = new Map<string, { at: number; late: boolean }>()) {
  const calls: string[] = []
  let online = true
  let refuse: SendOutcome | null = null
  let gate: Promise<void> | null = null
  let now = 1_000_000
  const ports: OutboxPorts = {
    read: () => (storage.has(OUTBOX_KEY) ? JSON.parse(storage.get(OUTBOX_KEY)!) : ''),
    write: (e) => void storage.set(OUTBOX_KEY, JSON.stringify(e)),
    now: () => now,
    async send(e) {
      calls.push(e.clientId)
      if (gate) await gate
      if (!online) return { kind: 'retry', error: { code: 'NETWORK', message: '网络异常，请检查网络后重试', hint: '' } }
      if (refuse) return refuse
      // The server's idempotency: the same id is a replay of the stored one.
      if (!server.has(e.clientId)) server.set(e.clientId, { at: now, late: false })
      const s = server.get(e.clientId)!
      return { kind: 'sent', submittedAt: s.at, late: s.late, day: e.day }
    },
  }
  return {
    storage, server, calls, outbox: createOutbox(ports),
    setOnline: (v: boolean) => void (online = v),
    refuseWith: (o: SendOutcome | null) => void (refuse = o),
    hold: () => {
      let open!: () => void
      gate = new Promise<void>((r) => (open = r))
      return () => {
        gate = null
        open()
      }
    },
    tick: (ms: number) => void (now += ms),
  }
}

const decl = (over: Partial<NewDeclaration> = {}): NewDeclaration => ({
  clientId: randomUUID(), owner: 'id-a', orgId: 'org1', declarantId: 'd1', day: '2026-11-22', maskedName: '**涵', orgName: '三年级二班', form, ...over,
})
const stored = (p: ReturnType<typeof phone>): OutboxEntry[] => JSON.parse(p.storage.get(OUTBOX_KEY) ?? '[]')

describe('health outbox (declarations kept on the phone until the server has them)', () => {
  it('saves before sending; no answer keeps it queued with its id; the app killed and opened again sends it with the same id, once', async () => {
    const p = phone()
    p.setOnline(false)
    const d = decl()
    p.outbox.enqueue(d)
    expect(stored(p)).toEqual([expect.objectContaining({ clientId: d.clientId, state: 'queued', form })])
    expect((await p.outbox.send(d.clientId))?.state).toBe('queued')
    // Killed: a new process over the same storage.
    const again = phone(p.storage)
    await again.outbox.flush('id-a')
    expect(again.server.size).toBe(1)
    expect(again.calls).toEqual([d.clientId])
    const [e] = stored(again)
    expect(e).toMatchObject({ state: 'sent', clientId: d.clientId })
    // Sent: trimmed to what the list shows, the answers gone from the phone.
    expect(e.form).toBeUndefined()
    await again.outbox.flush('id-a')
    expect(again.calls).toHaveLength(1)
  })

  it('an entry killed while sending is queued again (no request is out), and sent with its id', async () => {
    const p = phone()
    const d = decl()
    p.outbox.enqueue(d)
    const release = p.hold()
    const out = p.outbox.send(d.clientId)
    await new Promise((r) => setTimeout(r, 0))
    expect(stored(p)[0].state).toBe('sending')
    const after = phone(p.storage) // killed mid-request: this storage says sending
    expect(after.outbox.entries()[0].state).toBe('queued')
    await after.outbox.flush('id-a')
    expect(after.calls).toEqual([d.clientId])
    release()
    await out
  })

  it('never two sends of one entry at once: network back, app shown and list opened together make one request', async () => {
    const p = phone()
    const d = decl()
    p.outbox.enqueue(d)
    const release = p.hold()
    const all = Promise.all([p.outbox.flush('id-a'), p.outbox.flush('id-a'), p.outbox.send(d.clientId), p.outbox.send(d.clientId)])
    await new Promise((r) => setTimeout(r, 0))
    expect(p.outbox.isSending(d.clientId)).toBe(true)
    release()
    await all
    expect(p.calls).toEqual([d.clientId])
  })

  it('a refusal is kept with the server’s reason and next step (未能提交), never resent; 知道了 removes it', async () => {
    const p = phone()
    const d = decl()
    p.outbox.enqueue(d)
    p.refuseWith({ kind: 'refused', error: { code: 'DAY_LOCKED', message: '采集员已提交当日数据，当日不能再申报', hint: '如有特殊情况需更新个人健康申报数据，请联系采集员说明变动情况。' } })
    expect(await p.outbox.send(d.clientId)).toMatchObject({ state: 'refused', error: { code: 'DAY_LOCKED' } })
    await p.outbox.flush('id-a')
    expect(p.calls).toHaveLength(1)
    expect(stored(p)[0].form).toBeUndefined()
    p.outbox.dismiss(d.clientId)
    expect(stored(p)).toEqual([])
  })

  it('a newer declaration for the same day replaces an unsent one (only the latest counts); another owner’s entries are not sent', async () => {
    const p = phone()
    p.setOnline(false)
    const a = decl()
    const b = decl()
    const other = decl({ owner: 'id-b' })
    p.outbox.enqueue(a)
    p.outbox.enqueue(other)
    p.outbox.enqueue(b)
    expect(stored(p).map((e) => e.clientId)).toEqual([other.clientId, b.clientId])
    p.setOnline(true)
    await p.outbox.flush('id-a')
    expect(p.calls).toEqual([b.clientId])
    expect(p.outbox.mine('id-a').map((e) => e.clientId)).toEqual([b.clientId])
  })

  it('keeps storage small: one key, settled entries trimmed and dropped after three days', async () => {
    const p = phone()
    for (let i = 0; i < 40; i++) {
      const d = decl({ declarantId: `d${i}` })
      p.outbox.enqueue(d)
      await p.outbox.send(d.clientId)
    }
    expect([...p.storage.keys()]).toEqual([OUTBOX_KEY])
    expect(stored(p).length).toBeLessThanOrEqual(20)
    expect(p.storage.get(OUTBOX_KEY)!.length).toBeLessThan(20 * 600)
    p.tick(3 * 86_400_000)
    p.outbox.enqueue(decl({ declarantId: 'new' }))
    expect(stored(p).map((e) => e.declarantId)).toEqual(['new'])
  })

  it('model: any mix of submits, network flaps, kills, flushes and concurrent sends stores each submission once and loses none (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant('submit' as const), fc.constant('down' as const), fc.constant('up' as const), fc.constant('kill' as const), fc.constant('flush' as const), fc.constant('twice' as const)), { maxLength: 25 }),
        async (steps) => {
          let p = phone()
          const server = p.server
          let online = true
          const submitted: string[] = []
          let k = 0
          for (const s of steps) {
            if (s === 'submit') {
              const d = decl({ declarantId: `d${k++}` }) // distinct days: none replaces another
              submitted.push(d.clientId)
              p.outbox.enqueue(d)
              await p.outbox.send(d.clientId)
            } else if (s === 'down' || s === 'up') {
              online = s === 'up'
              p.setOnline(online)
            } else if (s === 'kill') {
              // A new process over the same storage; the server outlives the phone.
              p = phone(p.storage, server)
              p.setOnline(online)
            } else if (s === 'flush') {
              await p.outbox.flush('id-a')
            } else {
              await Promise.all([p.outbox.flush('id-a'), p.outbox.flush('id-a')])
            }
            // Invariants after every step: each submission is on the server or still queued on the phone, never lost.
            const onPhone = new Map(stored(p).map((e) => [e.clientId, e]))
            for (const id of submitted) {
              const e = onPhone.get(id)
              expect(e !== undefined && (e.state === 'queued' || (e.state === 'sent' && server.has(id)))).toBe(true)
            }
          }
          p.setOnline(true)
          await p.outbox.flush('id-a')
          expect([...server.keys()].sort()).toEqual([...submitted].sort())
        },
      ),
      { seed: 20261207, numRuns: process.env.CHAOS ? 2000 : 200 },
    )
  })
})

/** Every file under a folder of the app. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : []
  })
}

describe('what must never be queued: consent, a counter confirmation, a face check are live acts', () => {
  const src = files(path.join(root, 'src'))
  const rel = (f: string) => path.relative(root, f)

  it('only the health form, the declarant list, the app (its resend triggers) and 退出登录 (its warning) use the outbox', () => {
    const users = src.filter((f) => /services\/healthOutbox['/]/.test(readFileSync(f, 'utf8')) || /from '\.\/healthOutbox'/.test(readFileSync(f, 'utf8'))).map(rel).sort()
    expect(users).toEqual(['src/app.ts', 'src/health/form/index.tsx', 'src/health/index/index.tsx', 'src/hooks/useProfile.ts'])
  })

  it('the outbox sends submitDeclaration and nothing else; the time limit is given to that call alone', () => {
    const outbox = readFileSync(path.join(root, 'src/services/healthOutbox.ts'), 'utf8')
    expect(outbox.match(/action: '(\w+)'/g)).toEqual(["action: 'submitDeclaration'"])
    expect(outbox).not.toMatch(/callConsent|callCounter|callAuth|callSpace/)
    const cloud = readFileSync(path.join(root, 'src/services/cloud.ts'), 'utf8')
    // Only the declaration's wrapper passes a time limit to the transport.
    expect(cloud.match(/call\('\w+', event, [^)]*timeoutMs\)/g)).toEqual(["call('health', event, HealthResults.submitDeclaration, timeoutMs)"])
  })

  it('the consent, counter and verification pages write nothing to storage on a failed call (no hidden resend)', () => {
    const live = src.filter((f) => /src\/(consent|pages\/login|pages\/verify-sim)\//.test(f) || /services\/(verify|freshVerification|consent)\.ts$/.test(f))
    expect(live.length).toBeGreaterThan(5)
    for (const f of live) {
      const text = readFileSync(f, 'utf8')
      expect({ file: rel(f), queues: /OUTBOX_KEY|healthOutbox|enqueue\(/.test(text) }).toEqual({ file: rel(f), queues: false })
    }
  })
})
