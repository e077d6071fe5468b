import { checkReply, DbError, isDuplicateKeyError } from '../../cloudfunctions/adapters/cloudbase/dbErrors'

describe('isDuplicateKeyError (CLOUDBASE.md: match all three spellings)', () => {
  it.each([
    ['node-sdk TcbError code', { code: 'DATABASE_DUPLICATE_WRITE', message: 'duplicate write' }],
    ['errCode -502001 (number)', { errCode: -502001, errMsg: 'database request fail' }],
    ['code -502001 (string)', { code: '-502001', message: '' }],
    ['E11000 only in the message', { code: 'DATABASE_REQUEST_FAILED', message: 'E11000 duplicate key error collection: x' }],
    ['-502001 only in the message', new Error('errCode: -502001 database request fail | errMsg: insert failed')],
    ['MongoDB numeric code', { code: 11000, message: 'dup' }],
  ])('recognises %s', (_name, err) => {
    expect(isDuplicateKeyError(err)).toBe(true)
  })

  it.each([
    ['another database error', { code: 'DATABASE_PERMISSION_DENIED', message: 'denied' }],
    ['connection limit', { code: -501004, message: 'too many connections' }],
    ['a plain error', new Error('network down')],
    ['null', null],
    ['a string', 'E11000'],
  ])('rejects %s', (_name, err) => {
    expect(isDuplicateKeyError(err)).toBe(false)
  })
})

describe('checkReply', () => {
  it('turns a resolved { code } (throwOnCode: false) into a thrown DbError', () => {
    expect(() => checkReply({ code: 'DATABASE_DUPLICATE_WRITE', message: 'dup' })).toThrow(DbError)
    try {
      checkReply({ code: 'DATABASE_DUPLICATE_WRITE', message: 'dup' })
    } catch (e) {
      expect(isDuplicateKeyError(e)).toBe(true)
    }
  })
  it('passes a successful reply through', () => {
    const reply: { updated: number; code?: string } = { updated: 1 }
    expect(checkReply(reply)).toEqual({ updated: 1 })
  })
})
