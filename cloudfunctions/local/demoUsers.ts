import type { DemoUser } from '../../types/simulation'

/**
 * Stand-ins for WeChat accounts in the H5 build (the local cloud trusts X-WX-OPENID).
 * The ID numbers are made up but pass GB 11643 (checksums computed with domain/idNumber.ts);
 * region codes are Guangdong: 441302 Huizhou Huicheng, 440106 Guangzhou Tianhe, 440305 Shenzhen Nanshan.
 */
export const DEMO_USERS: DemoUser[] = [
  { openid: 'demo-openid-chen', nickname: '陈家长（演示）', suggested: { name: '陈美玲', idNumber: '441302198506120324' } },
  { openid: 'demo-openid-li', nickname: '李家长（演示）', suggested: { name: '李秀英', idNumber: '44010619880304152X' } },
  { openid: 'demo-openid-zhang', nickname: '张同学（演示）', suggested: { name: '张雨涵', idNumber: '441302201507180040' } },
  { openid: 'demo-openid-huang', nickname: '黄老师（演示）', suggested: { name: '黄建华', idNumber: '440305199001012312' } },
  // No WeChat real-name info: the tester types a name and number by hand.
  { openid: 'demo-openid-new', nickname: '新用户（演示）', suggested: null },
]
