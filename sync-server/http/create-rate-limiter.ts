export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number }

export interface RateLimiter {
  /** Takes one request from `key`'s bucket at `now` (ms). */
  take(key: string, now: number): RateDecision
}

interface Bucket {
  tokens: number
  at: number
}

/** Buckets kept before full ones are swept, so a stream of one-off tokens cannot grow the map forever. */
const SWEEP_AT = 10_000

/**
 * A token bucket per key: `burst` requests at once, refilled at `perSecond`. A rate of 0 lets
 * everything through.
 */
export function createRateLimiter({
  perSecond,
  burst,
}: {
  perSecond: number
  burst: number
}): RateLimiter {
  if (perSecond <= 0) return { take: () => ({ ok: true }) }
  const capacity = Math.max(1, burst)
  const buckets = new Map<string, Bucket>()
  const refill = (bucket: Bucket, now: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * perSecond) / 1000)
    bucket.at = now
  }
  const sweep = (now: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, now)
      if (bucket.tokens >= capacity) buckets.delete(key)
    }
  }
  return {
    take(key, now) {
      let bucket = buckets.get(key)
      if (bucket === undefined) {
        if (buckets.size >= SWEEP_AT) sweep(now)
        bucket = { tokens: capacity, at: now }
        buckets.set(key, bucket)
      } else {
        refill(bucket, now)
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { ok: true }
      }
      return { ok: false, retryAfterMs: ((1 - bucket.tokens) * 1000) / perSecond }
    },
  }
}
