import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { config } from 'zod/mini';

// Same as in the extension: zod's JIT is off (blocked by the extension CSP).
config({ jitless: true });

beforeEach(() => {
  fakeBrowser.reset();
});
