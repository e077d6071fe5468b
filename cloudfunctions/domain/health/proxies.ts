/**
 * Seed 002 FAQ 10: a declarant has at most 2 proxies at once; a third is refused until one of the
 * two removes the declarant from their 申报人列表. FAQ 6: one proxy may file for many declarants.
 * Self filing and the collector filing from the workbench (FAQ 17) take no proxy place.
 *
 * The limit must hold under concurrency (ARCHITECTURE.md), so the store enforces it atomically
 * (HealthStores.proxySlots.claim): SQLite counts the holders and inserts in one transaction;
 * CloudBase keeps one document per declarant (`health_proxy_slots/<declarantId>`) holding the
 * holders and a version, claimed by `add` when absent, else by a conditional update on the
 * version that only one racer wins (CLOUDBASE.md). Removing the declarant releases the place.
 */
export const MAX_PROXIES = 2

export const PROXY_LIMIT_MESSAGE =
  '每个申报人可同时有 2 位代填人，超过 2 位后，需要原代填人在进入服务界面的“申报人列表”中删除申报人后，才能让另一位代填人为该申报人填报。'
