import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { verifyCosignatures, withoutCosignatures } from '../../cloudfunctions/domain/ledger/cosignature'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { originHash } from '../../cloudfunctions/domain/ledger/witness'
import { createLocalDeps } from '../../cloudfunctions/local/wiring'
import { startLocalCloud } from '../../cloudfunctions/local/server'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { appendLedger, proofBundle } from '../../cloudfunctions/services/consent/ledger'
import { gatherCosignatures, storeProof, type WitnessClient } from '../../cloudfunctions/services/consent/witnessing'

/**
 * The log asks its witnesses (services/consent/witnessing.ts): after each batch, and before a proof
 * whose tree the kept checkpoint does not carry the quorum for. The local cloud's own witness,
 * quorum 1 (cloudfunctions/local/localConsent.ts).
 */
let dir: string
let local: ReturnType<typeof createLocalDeps>
let deps: ConsentDeps
let submits: string[]
const witnessKey = () => ({ name: local.witness.key.name, publicKey: toHex(publicKeyOf(local.witness.key.secretKey)) })
const grant = (i: number) => appendLedger(deps, { consent: `cs_${i}`, action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'witness-api-'))
  local = createLocalDeps(loadConfig({ DATA_DIR: dir }), 'memory')
  submits = []
  const w = local.deps.ledgerWitnesses!.witnesses[0]
  const counted: WitnessClient = { ...w, submit: (body) => (submits.push(body), w.submit(body)) }
  deps = { ...local.deps, ledgerWitnesses: { quorum: 1, witnesses: [counted] } }
})
afterEach(() => {
  local.db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('witnessed checkpoints on the log side', () => {
  it('each integrated batch is cosigned and kept so; a proof serves it as kept (no signing, no witness call) and names the witness', async () => {
    for (let i = 0; i < 3; i++) await grant(i)
    const kept = (await deps.consent.ledger.lastCheckpoint())!
    expect(kept.size).toBe(3)
    expect(verifyCosignatures(kept.note, [witnessKey()])).toHaveLength(1)
    expect(submits).toHaveLength(3)
    const b = await proofBundle(deps, [0], undefined)
    expect(b.checkpoint).toBe(kept.note)
    expect(b.witnesses).toEqual([local.witness.key.name])
    expect(submits).toHaveLength(3)
    // The witness keeps what it cosigned: the same tree.
    expect(await local.witness.store.get(originHash(deps.ledgerKey.origin))).toMatchObject({ size: 3, rootHash: kept.rootHash })
  })

  it('a tree the kept checkpoint lacks the quorum for is cosigned fresh before it goes out, then kept', async () => {
    await grant(0)
    // The kept checkpoint loses its cosignature (a witness that was down at integration time).
    const kept = (await deps.consent.ledger.lastCheckpoint())!
    local.db.db.prepare('UPDATE ledger_checkpoint SET note = ? WHERE id = 1').run(withoutCosignatures(kept.note, deps.ledgerKey.keyName))
    const b = await proofBundle(deps, [0], undefined)
    expect(verifyCosignatures(b.checkpoint, [witnessKey()])).toHaveLength(1)
    expect(b.checkpoint).not.toBe(kept.note) // a fresh signature, a fresh time
    expect(verifyCosignatures((await deps.consent.ledger.lastCheckpoint())!.note, [witnessKey()])).toHaveLength(1)
  })

  it('no quorum: LEDGER_UNWITNESSED, and no unwitnessed checkpoint goes out or is kept', async () => {
    await grant(0)
    const down: WitnessClient = { ...deps.ledgerWitnesses!.witnesses[0], submit: async () => { throw new Error('unreachable') } }
    const without = { ...deps, ledgerWitnesses: { quorum: 1, witnesses: [down] } }
    await appendLedger(without, { consent: 'cs_1', action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
    const kept = (await deps.consent.ledger.lastCheckpoint())!
    expect(kept.size).toBe(2)
    expect(verifyCosignatures(kept.note, [witnessKey()])).toHaveLength(0) // integrated, not witnessed
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {})
    await expect(proofBundle(without, [0, 1], undefined)).rejects.toMatchObject({ code: 'LEDGER_UNWITNESSED' })
    errors.mockRestore()
    expect((await deps.consent.ledger.lastCheckpoint())!.note).toBe(kept.note)
    // A witness that answers with someone else's line (or garbage) does not count either.
    const liar: WitnessClient = { ...down, submit: async () => ({ status: 200, body: `\u2014 ${down.name} ${Buffer.alloc(76, 1).toString('base64')}\n` }) }
    await expect(proofBundle({ ...deps, ledgerWitnesses: { quorum: 1, witnesses: [liar] } }, [0], undefined)).rejects.toMatchObject({ code: 'LEDGER_UNWITNESSED' })
    // Once the witness answers again, the proof goes out cosigned.
    expect(verifyCosignatures((await proofBundle(deps, [0, 1], undefined)).checkpoint, [witnessKey()])).toHaveLength(1)
  })

  it('a log that does not know where the witness is starts at 0, is told the size (409) and succeeds from there, once', async () => {
    for (let i = 0; i < 4; i++) await grant(i)
    await deps.consent.ledger.integrate(1000) // nothing pending: no-op
    for (let i = 4; i < 6; i++) await appendLedger({ ...deps, ledgerWitnesses: undefined }, { consent: `cs_${i}`, action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
    const kept = (await deps.consent.ledger.lastCheckpoint())!
    expect(kept.size).toBe(6)
    submits.length = 0
    const note = await gatherCosignatures(deps, kept.note, 6, (old) => storeProof(deps.consent.ledger, old, 6), new Map([[local.witness.key.name, 0]]))
    expect(submits.map((b) => b.split('\n')[0])).toEqual(['old 0', 'old 4'])
    expect(verifyCosignatures(note, [witnessKey()])).toHaveLength(1)
  })
})

describe('the local cloud serves its witness', () => {
  it('/witness/<origin hash>/checkpoint, /witness/add-checkpoint (409 as text/x.tlog.size) and /local/witnesses for the H5 app', async () => {
    const cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: dir }), port: 0, h5Dir: path.join(dir, 'none'), stores: 'memory' })
    try {
      await appendLedger(cloud.deps, { consent: 'cs_0', action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
      const list = await (await fetch(`${cloud.url}/local/witnesses`)).json()
      expect(list).toEqual({ quorum: 1, witnesses: [{ name: 'witness.school-space.local/w1', publicKey: expect.stringMatching(/^[0-9a-f]{64}$/), label: '本地见证节点（演示）' }] })
      const cp = await fetch(`${cloud.url}/witness/${originHash(cloud.deps.ledgerKey.origin)}/checkpoint`)
      expect(cp.status).toBe(200)
      expect(verifyCosignatures(await cp.text(), list.witnesses)).toHaveLength(1)
      const stale = await fetch(`${cloud.url}/witness/add-checkpoint`, { method: 'POST', body: `old 0\n\n${(await cloud.deps.consent.ledger.lastCheckpoint())!.note}` })
      expect([stale.status, stale.headers.get('content-type'), await stale.text()]).toEqual([409, 'text/x.tlog.size', '1\n'])
      expect((await fetch(`${cloud.url}/witness/${'0'.repeat(64)}/checkpoint`)).status).toBe(404)
    } finally {
      await cloud.close()
    }
  })
})
