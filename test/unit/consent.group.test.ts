import type { ConsentView } from '../../types/consentModels'
import { groupConsents } from '../../src/consent/mine/group'

const view = (over: Partial<ConsentView>): ConsentView => ({
  consentId: 'c', code: 'ABCD2345', systemName: '惠教育', purpose: '招生报名', applicationType: '小学一年级新生报名',
  studentMasked: '**阳', studentKey: 'k1', part: 'property', title: '房产信息', item: '', fields: [], state: 'active',
  canReauthorize: false, grantedAt: 1, expiresAt: 2, timeText: '', grantedAtText: '', expiresAtText: '', revokedAtText: null, ledgerIndex: 0, noticeHash: null,
  ...over,
})

describe('我的授权 groups by matter and child', () => {
  it('same matter and child in one group, newest grant first; another child with the same masked name apart', () => {
    const groups = groupConsents([
      view({ consentId: 'a', grantedAt: 10 }),
      view({ consentId: 'b', grantedAt: 30, part: 'household_register' }),
      view({ consentId: 'c', grantedAt: 20, studentKey: 'k2' }),
      view({ consentId: 'd', grantedAt: 5, applicationType: '初中一年级新生报名' }),
    ])
    expect(groups.map((g) => [g.applicationType, g.consents.map((c) => c.consentId)])).toEqual([
      ['小学一年级新生报名', ['b', 'a']],
      ['小学一年级新生报名', ['c']],
      ['初中一年级新生报名', ['d']],
    ])
  })
  it('nothing given, no groups', () => expect(groupConsents([])).toEqual([]))
})
