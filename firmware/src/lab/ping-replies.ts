// The correspondent's view of the home address: iputils ping with -D (receive timestamps)
// and -O (a line for every request that got no answer before the next one went out), read
// line by line. Its output is the lab's ground truth for what a handover cost.

export interface PingReply {
  seq: number
  /** Wall clock, ms since the epoch, when the reply came. */
  atMs: number
}

export type PingLine = { kind: 'reply'; reply: PingReply } | { kind: 'no-answer'; seq: number; atMs: number }

const REPLY = /^\[(\d+\.\d+)\] \d+ bytes from \S+: icmp_seq=(\d+) /
const NO_ANSWER = /^\[(\d+\.\d+)\] no answer yet for icmp_seq=(\d+)/

/** One line of `ping -D -O`; undefined for the header, statistics and errors. */
export function parsePingLine(line: string): PingLine | undefined {
  const reply = REPLY.exec(line)
  if (reply) return { kind: 'reply', reply: { seq: Number(reply[2]), atMs: Number(reply[1]) * 1000 } }
  const lost = NO_ANSWER.exec(line)
  if (lost) return { kind: 'no-answer', seq: Number(lost[2]), atMs: Number(lost[1]) * 1000 }
  return undefined
}
