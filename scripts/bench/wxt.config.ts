/**
 * The bench's builds (production, and `--mode bench`) into a directory of the run's own
 * (`.output/$SELLER_LENS_BENCH_OUT`): `.output/chrome-mv3` belongs to `npm test`, and other bench or test runs may
 * be building at the same time (WXT empties its output directory first).
 */
import { defineConfig } from 'wxt';
import base from '../../wxt.config';

export default defineConfig({
  ...base,
  outDirTemplate: process.env.SELLER_LENS_BENCH_OUT ?? '{{browser}}-mv{{manifestVersion}}{{modeSuffix}}',
  // `--cpu-profile`: unminified, so that the profile names our functions.
  ...(process.env.SELLER_LENS_BENCH_PROFILE && {
    vite: async (env) => {
      const v = typeof base.vite === 'function' ? await base.vite(env) : {};
      return { ...v, build: { ...v.build, minify: false } };
    },
  }),
});
