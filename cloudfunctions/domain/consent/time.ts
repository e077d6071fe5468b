import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai whatever the server's zone (ARCHITECTURE.md). */
export const chinaTime = (at: number): string => dayjs(at).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm')
