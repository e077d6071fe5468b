/** One day's column of the workbench chart, as text: the share filed on top, what is missing below. */
export function chartText(d: { due: boolean; members: number; submitted: number; missing: number }): { pct: number; top: string; bottom: string } {
  if (!d.due) return { pct: 0, top: '—', bottom: '无需' }
  // No members yet: nothing is 齐 (complete), and 0% would read as nobody filed.
  if (d.members === 0) return { pct: 0, top: '—', bottom: '暂无成员' }
  const pct = Math.round((d.submitted / d.members) * 100)
  return { pct, top: `${pct}%`, bottom: d.missing ? `缺${d.missing}` : '齐' }
}
