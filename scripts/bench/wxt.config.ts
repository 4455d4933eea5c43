/**
 * The production build, into its own directory (`.output/chrome-mv3-bench-production`), for the bench's bundle
 * figures: `.output/chrome-mv3` belongs to `npm test`, which other runs may be rebuilding at the same time.
 */
import { defineConfig } from 'wxt';
import base from '../../wxt.config';

export default defineConfig({ ...base, outDirTemplate: '{{browser}}-mv{{manifestVersion}}-bench-production' });
