import { applyPatch, elements, pathTokens, readTemplates } from '../helpers/weappVm'

/** The weapp-vm harness's reading of Taro's setData keys and of the bundle's base.wxml. */
describe('weapp-vm harness', () => {
  it('applies Taro setData keys (root.cn.[0].cn.[1].v and root.cn[0]) to a plain tree', () => {
    expect(pathTokens('root.cn.[0].cn.[12].v')).toEqual(['root', 'cn', 0, 'cn', 12, 'v'])
    expect(pathTokens('root.cn[0]')).toEqual(['root', 'cn', 0])
    const data: Record<string, any> = {}
    applyPatch(data, 'root.cn.[0]', { nn: '3', sid: '_1', cn: [{ nn: '9', sid: '_2', v: 'a' }] })
    applyPatch(data, 'root.cn.[0].cn.[0].v', '选择演示微信用户')
    applyPatch(data, 'root.cn.[0].cn.[1]', { nn: '9', sid: '_3', v: 'b' })
    applyPatch(data, 'root.cn.[0].uid', 'claim-x')
    expect(data.root.cn[0].cn.map((n: { v: string }) => n.v)).toEqual(['选择演示微信用户', 'b'])
    expect(data.root.cn[0].uid).toBe('claim-x')
  })

  it('reads which template binds which event, and an input behind its focus/blur switch', () => {
    const wxml = `
<template name="tmpl_0_1">
  <view style="{{i.st}}" class="{{i.cl}}" bindtap="eh"  id="{{i.uid||i.sid}}" data-sid="{{i.sid}}">
</template>
<template name="tmpl_0_3">
  <view style="{{i.st}}" class="{{i.cl}}"  id="{{i.uid||i.sid}}" data-sid="{{i.sid}}">
</template>
<template name="tmpl_0_33">
  <template is="{{xs.c(i, 'tmpl_0_')}}" data="{{i:i,c:c}}" />
</template>
<template name="tmpl_0_33_focus">
  <input value="{{i.p26}}" bindinput="eh" catchtap="eh" id="{{i.uid||i.sid}}">
</template>`
    const t = readTemplates(wxml)
    expect(t.get('1')).toMatchObject({ tag: 'view' })
    expect([...t.get('1')!.bind]).toEqual(['tap'])
    expect([...t.get('3')!.bind]).toEqual([])
    expect(t.get('33')).toMatchObject({ tag: 'input', attrs: { value: 'p26' } })
    expect([...t.get('33')!.catch]).toEqual(['tap'])
    const tree = { nn: 'root', sid: 'r', cn: [{ nn: '1', sid: '_1', cn: [{ nn: '9', sid: '_2', v: '请' }, { nn: '9', sid: '_3', v: '登录' }, { nn: '33', sid: '_4', cn: [] }] }] }
    const els = elements(tree, t)
    expect(els.map((e) => [e.tag, e.ownText])).toEqual([['view', '请登录'], ['input', '']])
    expect(els[1].ancestors.map((a) => a.sid)).toEqual(['_1'])
  })
})
