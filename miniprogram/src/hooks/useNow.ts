// A clock that ticks for live countdowns (every 30 s by default).
import { useEffect, useState } from 'react'
import { formatCountdown, type Countdown } from '../lib/countdown'

export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(id)
  }, [intervalMs])
  return now
}

export function useCountdown(deadline: string | undefined, intervalMs = 30_000): Countdown | null {
  const now = useNow(intervalMs)
  return deadline ? formatCountdown(deadline, now) : null
}
