/**
 * Names of people as the registries compare them. Minority names join their parts with a
 * separator dot that people type in many look-alike forms (·, ・, ‧, •, ．, …); the resident ID
 * prints U+00B7. Every place that matches names (login identity, certificate claims, guardian
 * linking, the health declarant) goes through `sameName`, so a dot variant never decides a match
 * (issue 9). Spaces, including the full-width one, are not part of a name.
 */

/** Look-alike separator dots, each read as U+00B7 MIDDLE DOT. */
const SEPARATOR_DOTS = /[\u00B7\u0387\u2022\u2027\u2219\u22C5\u30FB\uFF0E\uFF65.]/g
const SPACES = /[\s\u3000]/g

/** The form a name is compared (and stored) in: no spaces, one kind of separator dot. */
export function canonicalName(name: string): string {
  return name.replace(SPACES, '').replace(SEPARATOR_DOTS, '\u00B7')
}

/** Whether two written names are the same name. */
export function sameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b)
}
