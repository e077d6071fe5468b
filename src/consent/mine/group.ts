import type { ConsentView } from '../../../types/consentModels'

/** One matter (申请事项) for one child in 我的授权, with every authorization given for it. */
export interface ConsentGroup {
  key: string
  applicationType: string
  studentMasked: string
  consents: ConsentView[]
}

/**
 * 我的授权 groups grants by matter and child instead of listing look-alike cards: two
 * children with the same masked name stay apart (studentKey), groups keep the order of their
 * newest grant, and inside a group the newest grant comes first.
 */
export function groupConsents(consents: ConsentView[]): ConsentGroup[] {
  const groups = new Map<string, ConsentGroup>()
  const sorted = [...consents].sort((a, b) => b.grantedAt - a.grantedAt)
  for (const c of sorted) {
    const key = `${c.applicationType}|${c.studentKey}`
    const g = groups.get(key) ?? { key, applicationType: c.applicationType, studentMasked: c.studentMasked, consents: [] }
    g.consents.push(c)
    groups.set(key, g)
  }
  return [...groups.values()]
}
