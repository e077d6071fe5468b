/**
 * One way to compare personal names everywhere they are matched (guardian linking, claims, the
 * registry stand-in, a proxy's declarant). Minority names carry a separator dot that is typed and
 * registered in several look-alike forms (阿卜杜拉·买买提 / 阿卜杜拉・买买提 / 阿卜杜拉．买买提 …):
 * they are one character. White space (ASCII and the ideographic space) is never part of a name.
 */
const SEPARATOR_DOTS = /[\u00B7\u30FB\u2027\u2022\uFF0E\u2219\u002E\u0387\uFF65]/g

/** The comparison key of a name: no white space, every separator dot as U+00B7. */
export function nameKey(name: string): string {
  return name.normalize('NFC').replace(/[\s\u3000]/g, '').replace(SEPARATOR_DOTS, '\u00B7')
}

/** True when two names are the same name as the registry would read them. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b)
}
