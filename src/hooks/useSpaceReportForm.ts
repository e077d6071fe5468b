import { useCallback, useState } from 'react'
import type { SpaceData } from '../../types/space'
import { callSpace } from '../services/cloud'
import { asCloudError, requireToken } from '../services/space'

/** 纠错反馈 form: the fields that are wrong and a description (5–200 characters, as the server checks). */
export function useSpaceReportForm(credentialId: string) {
  const [fields, setFields] = useState<string[]>([])
  const [description, setDescription] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState<SpaceData['reportError']['report'] | null>(null)

  const toggle = (key: string) => {
    setError(null)
    setFields((f) => (f.includes(key) ? f.filter((k) => k !== key) : [...f, key]))
  }

  const submit = useCallback(async () => {
    setError(null)
    if (fields.length === 0) return setError('请选择有误的项目')
    if (description.trim().length < 5) return setError('请描述问题（至少5个字），如正确的信息应为什么')
    setBusy(true)
    try {
      const r = await callSpace({ action: 'reportError', sessionToken: requireToken(), credentialId, fields, description: description.trim() })
      setSent(r.report)
    } catch (e) {
      const err = asCloudError(e)
      setError([err.message, err.hint].filter(Boolean).join('。'))
    } finally {
      setBusy(false)
    }
  }, [credentialId, fields, description])

  return { fields, toggle, description, setDescription: (v: string) => { setDescription(v); setError(null) }, busy, error, sent, submit }
}
