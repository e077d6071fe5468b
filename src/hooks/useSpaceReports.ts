import { useCallback, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { SpaceData } from '../../types/space'
import { callSpace, CloudError, isSessionLost } from '../services/cloud'
import { asCloudError, requireToken } from '../services/space'

export type ErrorReportItem = SpaceData['listReports']['reports'][number]

/** 纠错反馈 list with each report's state, reloaded when the page shows. */
export function useSpaceReports() {
  const [reports, setReports] = useState<ErrorReportItem[] | null>(null)
  const [error, setError] = useState<CloudError | null>(null)

  const reload = useCallback(async () => {
    setError(null)
    try {
      const r = await callSpace({ action: 'listReports', sessionToken: requireToken() })
      setReports([...r.reports].sort((a, b) => b.createdAt - a.createdAt))
    } catch (e) {
      if (!isSessionLost(e)) setError(asCloudError(e))
    }
  }, [])

  useDidShow(() => {
    void reload()
  })

  return { reports, error, reload }
}
