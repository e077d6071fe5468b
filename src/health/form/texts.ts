/** What the daily form says around a submission: who filed, whether it changed an entry, what comes next. */

/** The collector fills in (代填) a member with no entry that day, or corrects (更正) one (FAQ 2, FAQ 17). */
export const collectorVerb = (entryExists: boolean): '更正' | '代填' => (entryExists ? '更正' : '代填')

/** The banner over the collector's form for a workbench day. */
export function collectorBanner(p: { day: string; entryExists: boolean; locked: boolean }): string {
  const what = p.entryExists ? `采集员更正 ${p.day} 的申报数据` : `采集员代填 ${p.day} 的申报数据（该日尚无申报）`
  return `${what}${p.locked ? '（该日已提交给管理员，仍可修改）' : ''}。`
}

/**
 * The 提交成功 text. A filer on time may file again before the deadline (FAQ 8); a late filer may
 * not (a counted day closes at the deadline), so the text says to contact the collector instead;
 * the collector is told what was recorded, nothing about deadlines they are not bound by.
 */
export function successText(p: { maskedName: string; day: string; late: boolean; asCollector: boolean; entryExisted: boolean }): string {
  if (p.asCollector) return `已为 ${p.maskedName} ${collectorVerb(p.entryExisted)} ${p.day} 的健康申报${p.late ? '（该日已过截止时间，记为逾期）' : ''}。`
  const filed = `${p.maskedName} ${p.day} 的健康申报已提交。`
  return p.late
    ? `${filed}已过截止时间，本次申报标记为逾期；如需更新请联系采集员。`
    : `${filed}截止时间前可再次申报，系统只统计最新一次数据。`
}

/** Where 提交成功 / a final 提交失败 leads: the collector back to the workbench (same day), a filer to the declarant list. */
export function returnTarget(
  p: { asCollector: boolean; orgId: string; day: string }, pages: { home: string; workbench: string },
): { label: string; url: string } {
  return p.asCollector
    ? { label: '返回工作台', url: `${pages.workbench}?orgId=${encodeURIComponent(p.orgId)}&day=${p.day}` }
    : { label: '返回申报人列表', url: pages.home }
}

/**
 * 待发送: the declaration is on this phone only. Says so plainly (the collector does not see it yet),
 * that it goes out by itself, and the deadline the server will judge it by when it arrives.
 */
export function queuedText(p: { maskedName: string; day: string; deadline: string }): string {
  return `网络不好，${p.maskedName} ${p.day} 的健康申报已保存在本机，尚未提交，采集员暂时看不到。网络恢复或再次打开小程序时将自动发送；截止时间 ${p.deadline} 后送达的记为逾期。`
}
