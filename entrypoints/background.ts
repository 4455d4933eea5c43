/**
 * Composition root: wires the keyring, message handlers and alarm tasks. No logic of its own.
 */
import { defineBackground } from 'wxt/utils/define-background';
import browser from 'webextension-polyfill';
import { z } from 'zod';
import { handleMessages } from '@/lib/messaging';
import { createKeyring } from '@/lib/token/keyring';
import { expiryTask, keyringHandlers } from '@/lib/background/keyring-service';
import { registerAlarmTasks } from '@/lib/sync/alarm-tasks';

// zod's JIT is blocked by the extension CSP: switch it off before any schema runs (TOOLCHAIN.md).
z.config({ jitless: true });

export default defineBackground({
  main() {
    // Content scripts must not read local storage, where the tokens live (Chrome; Firefox has no such switch).
    const local = browser.storage.local as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
    void local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);

    const keyring = createKeyring();
    handleMessages(keyringHandlers({ keyring, fetch: (...args) => fetch(...args) }));
    void registerAlarmTasks([expiryTask(keyring)]);
  },
});
