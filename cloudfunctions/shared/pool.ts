// A bounded worker pool: the timer's tick groups, and a recipient's messages (shared/notify.ts).

/** Run `fn` on every item, at most `n` at a time, in item order of start. */
export async function runPool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!)
    })
  )
}
