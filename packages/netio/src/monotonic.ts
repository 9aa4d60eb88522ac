// Receive times from the capture helper are CLOCK_MONOTONIC, which process.hrtime reads in
// every process alike; this is the same clock for the caller's side of a comparison.

/** CLOCK_MONOTONIC in milliseconds, microsecond resolution. */
export function monotonicNowMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000
}
