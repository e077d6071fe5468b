import { ed25519 } from '@noble/curves/ed25519.js'
import { createCloudBaseConsentStores } from '../../cloudfunctions/adapters/cloudbase'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { createLedgerIntegrateHandler } from '../../cloudfunctions/functions/ledgerIntegrate/handler'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { appendLedger } from '../../cloudfunctions/services/consent/ledger'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'
import { FakeDocDb } from '../contract/fakeDocDb'

/** The deployed integrator (ledgerIntegrate, every second): timer calls only; one run integrates what is pending and signs a checkpoint per batch. */
describe('ledgerIntegrate function handler', () => {
  const sk = ed25519.utils.randomSecretKey()
  const timer = { Type: 'Timer', TriggerName: 'ledgerIntegrateEverySecond', Time: '2026-12-07T01:00:00Z', Message: '' }
  const setup = () => {
    const consent = createCloudBaseConsentStores(new FakeDocDb())
    const deps = { consent, clock: { now: () => Date.now() }, ledgerKey: { secretKey: sk, keyName: 'test.local-ledger', origin: 'test.local/consent-ledger' }, ledgerIntegration: 'scheduled' } as unknown as ConsentDeps
    return { deps, handle: createLedgerIntegrateHandler(deps, { idleWaitMs: 5 }) }
  }

  it('a timer run integrates 1,200 pending entries in two batches, signs their checkpoints, and the audit is clean', async () => {
    const { deps, handle } = setup()
    await Promise.all(Array.from({ length: 1200 }, (_, i) => appendLedger(deps, { consent: `c${i}`, action: 'read', fields: ['address'], actor: 'a'.repeat(32) })))
    expect(await deps.consent.ledger.size()).toBe(0)
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      expect(await handle(timer, { TRIGGER_SRC: 'timer', openid: '', timeLimitMs: 9_050 })).toEqual({ ok: true, data: { leased: true, batches: 2, entries: 1200, size: 1200 } })
    } finally {
      log.mockRestore()
    }
    expect(await deps.consent.ledger.lastCheckpoint()).toMatchObject({ size: 1200 })
    expect(await auditLedger(deps.consent.ledger, { key: { keyName: 'test.local-ledger', publicKey: publicKeyOf(sk) } })).toMatchObject({ ok: true, size: 1200 })
  }, 30_000)

  it('a run while another holds the lease ends at once; a user call is refused and integrates nothing', async () => {
    const { deps, handle } = setup()
    await appendLedger(deps, { consent: 'c1', action: 'read', fields: ['address'], actor: 'a'.repeat(32) })
    expect(await deps.consent.ledger.lease('other', Date.now(), Date.now() + 60_000)).toBe(true)
    expect(await handle(timer, { TRIGGER_SRC: 'timer', openid: '', timeLimitMs: 9_050 })).toEqual({ ok: true, data: { leased: false, batches: 0, entries: 0, size: null } })
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      expect(await handle(timer, { TRIGGER_SRC: 'wx_client', openid: 'o-user' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      warn.mockRestore()
    }
    expect(await deps.consent.ledger.size()).toBe(0)
  })
})
