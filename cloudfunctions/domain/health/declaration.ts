import type { HealthForm } from '../../../types/health'

/**
 * Seed 002: 提交失败 → 重新提交 must never count twice (SPEC §5), and FAQ 8: several submissions
 * before the deadline, 系统只统计最新一次数据.
 */
export interface Submission {
  id: string
  orgId: string
  declarantId: string
  day: string
  clientId: string
  /** Server time when first stored; a replay keeps the original. */
  submittedAt: number
  late: boolean
  form: HealthForm
}

/**
 * The document id of a submission: deterministic in (org, declarant, clientId), so a retried
 * request is an `add` with the same _id and the store's duplicate-key error *is* the idempotency
 * check (CLOUDBASE.md), atomic without a transaction. Scoped by org and declarant so one client's
 * id cannot collide with another declarant's.
 */
export function submissionId(orgId: string, declarantId: string, clientId: string): string {
  return `decl:${orgId}:${declarantId}:${clientId.toLowerCase()}`
}

/** Key-order-independent JSON, to compare a retried form with the stored one. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`
  }
  return JSON.stringify(v)
}

export type RetryVerdict<S = Submission> =
  | { kind: 'new' }
  /** The same submission again: answer with the stored one, count nothing. */
  | { kind: 'replay'; stored: S }
  /** A clientId reused for different content: a client bug, refuse rather than overwrite. */
  | { kind: 'conflict'; message: string }

/**
 * Decide what an incoming submission is, given the one stored under its submissionId (if any).
 * Check this before calendar.isOpenFor: a retry of a submission stored before the deadline or
 * the lock must still be answered with success. The day is not compared: the event carries
 * 'today' | 'yesterday', so a retry sent just after midnight resolves to another day, yet it is
 * the same submission and keeps the day it was first stored for.
 */
export function classifyRetry<S extends { form: HealthForm }>(stored: S | null, incoming: { form: HealthForm }): RetryVerdict<S> {
  if (stored === null) return { kind: 'new' }
  if (canonicalJson(stored.form) === canonicalJson(incoming.form)) {
    return { kind: 'replay', stored }
  }
  return { kind: 'conflict', message: '该次提交已记录，内容不一致。请返回刷新后重新填写并提交。' }
}

/** What orders submissions: when stored, and the submission id to break a tie. */
export interface Ranked {
  submittedAt: number
  id: string
}

/**
 * Latest wins (FAQ 8): the higher submittedAt; equal times (same millisecond, e.g. two proxies)
 * are broken by id so every reader and both store adapters pick the same one.
 */
export function isLater(a: Ranked, b: Ranked): boolean {
  return a.submittedAt > b.submittedAt || (a.submittedAt === b.submittedAt && a.id > b.id)
}

/**
 * The counted one of several submissions (isLater). Retries cannot reorder anything because a
 * replay is never stored again.
 */
export function latestOf<S extends Ranked>(subs: readonly S[]): S | null {
  let best: S | null = null
  for (const s of subs) {
    if (best === null || isLater(s, best)) best = s
  }
  return best
}

/** The counted submission per declarant for one org and day. */
export function countedByDeclarant(subs: readonly Submission[], orgId: string, day: string): Map<string, Submission> {
  const groups = new Map<string, Submission[]>()
  for (const s of subs) {
    if (s.orgId !== orgId || s.day !== day) continue
    groups.set(s.declarantId, [...(groups.get(s.declarantId) ?? []), s])
  }
  return new Map([...groups].map(([k, g]) => [k, latestOf(g) as Submission]))
}

/** 37.3 ℃ is the usual fever threshold in Chinese school and clinic guidance (发热: ≥37.3℃). */
export const FEVER_THRESHOLD = 37.3

export type AbnormalField = 'temperature' | 'symptoms' | 'riskContact' | 'riskAreaTravel' | 'healthCodeColour' | 'isolation'

/** The answers the collector's workbench flags (异常); labels come from HEALTH_FORM_LABELS.fields. */
export function abnormalities(form: HealthForm): AbnormalField[] {
  const out: AbnormalField[] = []
  if (form.temperature >= FEVER_THRESHOLD) out.push('temperature')
  if (form.symptoms.length > 0) out.push('symptoms')
  if (form.riskContact) out.push('riskContact')
  if (form.riskAreaTravel) out.push('riskAreaTravel')
  if (form.healthCodeColour !== 'green') out.push('healthCodeColour')
  if (form.isolation !== 'none') out.push('isolation')
  return out
}
