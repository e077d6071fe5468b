import { useCallback, useState } from 'react'
import type { ChildLinkSummary, SpaceReason } from '../../types/space'
import { callSpace, CloudError } from '../services/cloud'
import { asCloudError, requireToken } from '../services/space'

export type LinkPhase =
  | { kind: 'form' }
  | { kind: 'linking' }
  /** alreadyLinked: linked before (a repeat), shown as 已关联 rather than a second 关联成功. */
  | { kind: 'linked'; child: ChildLinkSummary; alreadyLinked: boolean }
  | { kind: 'refused'; reason: SpaceReason }

/**
 * 关联被监护人 (SPEC §3, seed 001 §2.1.2 e): the child's ID number and, on the renamed path, the
 * current name. What was typed is kept across a refusal, so retrying loses nothing.
 */
export function useSpaceLink() {
  const [phase, setPhase] = useState<LinkPhase>({ kind: 'form' })
  const [idNumber, setIdNumber] = useState('')
  const [renamed, setRenamed] = useState(false)
  const [currentName, setCurrentName] = useState('')
  const [formError, setFormError] = useState<string | null>(null)

  const submit = useCallback(
    async (birthCertificateId: string) => {
      setFormError(null)
      if (!idNumber.trim()) return setFormError('请输入被监护人的身份证号码')
      if (renamed && !currentName.trim()) return setFormError('请输入孩子现在的姓名（户口簿上的姓名）')
      setPhase({ kind: 'linking' })
      try {
        const r = await callSpace({
          action: 'linkChild',
          sessionToken: requireToken(),
          birthCertificateId,
          childIdNumber: idNumber,
          currentName: renamed ? currentName.trim() : undefined,
        })
        if (!r.linked && r.reason.code === 'ID_INVALID') {
          // A mistyped number belongs next to the field, not on a dead-end screen.
          setFormError(r.reason.message)
          setPhase({ kind: 'form' })
          return
        }
        setPhase(r.linked ? { kind: 'linked', child: r.child, alreadyLinked: r.alreadyLinked } : { kind: 'refused', reason: r.reason })
      } catch (e) {
        const err: CloudError = asCloudError(e)
        setFormError([err.message, err.hint].filter(Boolean).join('。'))
        setPhase({ kind: 'form' })
      }
    },
    [idNumber, renamed, currentName],
  )

  return {
    phase,
    idNumber,
    setIdNumber: (v: string) => {
      setIdNumber(v)
      setFormError(null)
    },
    renamed,
    setRenamed: (on: boolean) => {
      setRenamed(on)
      setFormError(null)
    },
    currentName,
    // A message about what was typed goes once the field changes (it may be fixed now).
    setCurrentName: (v: string) => {
      setCurrentName(v)
      setFormError(null)
    },
    formError,
    submit,
    backToForm: (renamedPath = false) => {
      if (renamedPath) setRenamed(true)
      setPhase({ kind: 'form' })
    },
  }
}
