/**
 * Time spent inside an object's methods (the WB client's calls, apart from the bidder's own work): `wrap` returns a
 * proxy whose async methods add their time to `ms`; calls made from inside another wrapped call count once.
 * Contexts: background (bench build only), tests.
 */
export function callTimer() {
  let depth = 0;
  const timer = {
    ms: 0,
    wrap<A extends object>(o: A): A {
      return new Proxy(o, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver) as unknown;
          if (typeof v !== 'function') return v;
          return async (...args: unknown[]) => {
            const t0 = performance.now();
            depth++;
            try {
              return (await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
            } finally {
              if (--depth === 0) timer.ms += performance.now() - t0;
            }
          };
        },
      });
    },
  };
  return timer;
}
