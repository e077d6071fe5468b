import { useCallback, useEffect, useRef, useState } from 'react'
import type { HistoryEntry } from '../../types/space'
import { callSpace, CloudError, isSessionLost } from '../services/cloud'
import { asCloudError, requireToken } from '../services/space'

const PAGE_SIZE = 20

/** 访问记录 (数字档案袋): newest first, one page at a time; a failed page can be retried. */
export function useSpaceHistory() {
  const [entries, setEntries] = useState<HistoryEntry[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<CloudError | null>(null)
  const busy = useRef(false)

  const loadMore = useCallback(async (from: string | null) => {
    if (busy.current) return
    busy.current = true
    setLoading(true)
    setError(null)
    try {
      const page = await callSpace({ action: 'history', sessionToken: requireToken(), limit: PAGE_SIZE, cursor: from ?? undefined })
      setEntries((prev) => (from ? [...prev, ...page.entries] : page.entries))
      setCursor(page.nextCursor)
      setDone(page.nextCursor === null)
    } catch (e) {
      if (!isSessionLost(e)) setError(asCloudError(e))
    } finally {
      busy.current = false
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    void loadMore(null)
  }, [loadMore])

  return { entries, done, loading, error, more: () => void loadMore(cursor), retry: () => void loadMore(cursor) }
}
