/** The simulator's clock. Virtual by default: time moves only when a test says so. */

export interface SimClock {
  /** Current time, unix ms. */
  now(): number;
  /** Moves time forward by `ms` (a negative value moves it back); returns the new time. */
  advance(ms: number): number;
  /** Sets the time, unix ms. */
  set(ms: number): void;
}

/** A clock that stays where it is set. */
export function virtualClock(startMs: number): SimClock {
  let t = startMs;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
      return t;
    },
    set(ms) {
      t = ms;
    },
  };
}

/** A clock that follows real time from `startMs` on (for the local server); advance/set shift it. */
export function followingClock(startMs: number = Date.now()): SimClock {
  let offset = startMs - Date.now();
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
      return Date.now() + offset;
    },
    set(ms) {
      offset = ms - Date.now();
    },
  };
}
