/**
 * A virtual clock for the WB client: `sleep` moves time forward at once, so hour-long limits run in milliseconds.
 * Can share time with the simulator's clock.
 */
import type { Clock } from '../../lib/wb-api/clock';

export interface VirtualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
  /** Every sleep asked for, in order (ms). */
  readonly sleeps: number[];
}

export function createVirtualClock(
  start = Date.UTC(2026, 10, 26, 9, 0, 0),
  source?: { now(): number; advance(ms: number): void },
): VirtualClock {
  let t = start;
  const sleeps: number[] = [];
  const now = () => (source ? source.now() : t);
  const advance = (ms: number) => {
    if (source) source.advance(ms);
    else t += ms;
  };
  return {
    now,
    set: (ms) => {
      if (source) source.advance(ms - source.now());
      else t = ms;
    },
    advance,
    sleeps,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      if (ms > 0) advance(ms);
    },
  };
}
