import { collectorBanner, collectorVerb, returnTarget, successText } from '../../src/health/form/texts'
import { chartText } from '../../src/health/workbench/chartText'
import { HealthForm } from '../../types/health'

/** The daily form's words around a submission (QA: a late success contradicted itself; 代填 was called 更正). */
const pages = { home: '/health/index/index', workbench: '/health/workbench/index' }
const base = { maskedName: '**涵', day: '2026-11-22', late: false, asCollector: false, entryExisted: false }

describe('successText', () => {
  it('on time: the filer may file again before the deadline (FAQ 8)', () => {
    expect(successText(base)).toBe('**涵 2026-11-22 的健康申报已提交。截止时间前可再次申报，系统只统计最新一次数据。')
  })
  it('late: marked late and pointed to the collector, never told to file again before the deadline', () => {
    const text = successText({ ...base, late: true })
    expect(text).toContain('已过截止时间，本次申报标记为逾期；如需更新请联系采集员')
    expect(text).not.toContain('截止时间前可再次申报')
  })
  it('the collector is told what was recorded, 代填 or 更正, with no filer deadline advice', () => {
    expect(successText({ ...base, asCollector: true })).toBe('已为 **涵 代填 2026-11-22 的健康申报。')
    expect(successText({ ...base, asCollector: true, entryExisted: true, late: true })).toBe('已为 **涵 更正 2026-11-22 的健康申报（该日已过截止时间，记为逾期）。')
    expect(successText({ ...base, asCollector: true, late: true })).not.toMatch(/再次申报|联系采集员/)
  })
})

describe('the collector\'s words and way back', () => {
  it('代填 when the member has no entry that day, 更正 when one exists', () => {
    expect(collectorVerb(false)).toBe('代填')
    expect(collectorBanner({ day: '2026-11-22', entryExists: false, locked: false })).toMatch(/^采集员代填 2026-11-22/)
    expect(collectorBanner({ day: '2026-11-22', entryExists: false, locked: false })).not.toContain('更正')
    expect(collectorBanner({ day: '2026-11-22', entryExists: true, locked: true })).toBe('采集员更正 2026-11-22 的申报数据（该日已提交给管理员，仍可修改）。')
  })
  it('returns the collector to the workbench on that day, a filer to the declarant list', () => {
    expect(returnTarget({ asCollector: true, orgId: 'o1', day: '2026-11-20' }, pages)).toEqual({ label: '返回工作台', url: '/health/workbench/index?orgId=o1&day=2026-11-20' })
    expect(returnTarget({ asCollector: false, orgId: 'o1', day: '2026-11-20' }, pages)).toEqual({ label: '返回申报人列表', url: '/health/index/index' })
  })
})

describe('smaller words', () => {
  it('an implausible temperature names the accepted range', () => {
    for (const temperature of [33.9, 43.1]) {
      const r = HealthForm.safeParse({ phone: '13800138000', currentLocation: '广州市天河区', temperature, symptoms: [], riskContact: false, riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none' })
      expect(r.success === false && r.error.issues[0].message).toContain('34–43℃')
    }
  })
  it('a class with no members shows 暂无成员 on the chart, not 0% 齐', () => {
    expect(chartText({ due: true, members: 0, submitted: 0, missing: 0 })).toEqual({ pct: 0, top: '—', bottom: '暂无成员' })
    expect(chartText({ due: true, members: 4, submitted: 3, missing: 1 })).toEqual({ pct: 75, top: '75%', bottom: '缺1' })
    expect(chartText({ due: true, members: 2, submitted: 2, missing: 0 })).toMatchObject({ top: '100%', bottom: '齐' })
    expect(chartText({ due: false, members: 2, submitted: 0, missing: 0 })).toMatchObject({ top: '—', bottom: '无需' })
  })
})
