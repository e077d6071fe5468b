import { useCallback, useEffect, useState } from 'react'
import type { DemoUser } from '../../types/simulation'
import { chooseDemoUser, fetchDemoUsers, getDemoUser } from '../services/demoUser'
import { usesLocalCloud } from '../services/platform'

/** Local cloud only (H5, weapp over http): which demo WeChat user this browser acts as, and the list to choose from. */
export function useDemoUsers() {
  const [current, setCurrent] = useState<DemoUser | null>(() => (usesLocalCloud ? getDemoUser() : null))
  const [users, setUsers] = useState<DemoUser[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const needsPick = usesLocalCloud && !current

  const load = useCallback(async () => {
    setError(null)
    try {
      setUsers(await fetchDemoUsers())
    } catch {
      setError('网络异常，请检查网络后重试')
    }
  }, [])

  useEffect(() => {
    if (needsPick) void load()
  }, [needsPick, load])

  const pick = useCallback((user: DemoUser) => {
    chooseDemoUser(user)
    setCurrent(user)
  }, [])

  return { current, needsPick, users, error, reload: load, pick }
}
