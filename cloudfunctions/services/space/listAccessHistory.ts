import type { SpaceData } from '../../../types/space'
import { AppError } from '../../domain/errors'
import { loadCaller } from './caller'
import type { SpaceDeps } from './spaceDeps'

/**
 * 数字档案袋 (SPEC §2), newest first. The cursor is an offset: simple on both stores, and a line
 * appended while paging only shifts the next page by one (a repeat, never a gap).
 */
export async function listAccessHistory(
  deps: SpaceDeps,
  openid: string,
  token: string,
  page: { cursor?: string; limit: number },
): Promise<SpaceData['history']> {
  const caller = await loadCaller(deps, openid, token)
  const offset = page.cursor === undefined ? 0 : Number(page.cursor)
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw new AppError('BAD_REQUEST', '分页参数不正确')
  const rows = await deps.stores.accessEvents.list(caller.identity.id, { offset, limit: page.limit + 1 })
  const entries = rows.slice(0, page.limit).map((e) => ({
    entryId: e.id,
    at: e.at,
    actor: { kind: e.actorKind, label: e.actorLabel, operator: e.operator },
    action: e.action,
    credentialTypes: e.credentialTypes,
    fields: e.fields,
    note: e.noteCipher ? deps.cipher.decrypt(e.noteCipher) : null,
  }))
  return { entries, nextCursor: rows.length > page.limit ? String(offset + page.limit) : null }
}
