/**
 * Demo mode as extension pages see it: the flag (watched in local storage) and the fill/remove messages.
 * Contexts: extension pages.
 */
import { signal } from '@preact/signals';
import { DEMO_SELLER_ID, demoItem } from '../demo/state';
import { sendMessage } from '../messaging';

export { DEMO_SELLER_ID };

export const demoOn = signal(false);
export const demoBusy = signal(false);

/** Loads the flag and follows its changes. Returns the stop function. */
export function watchDemo(): () => void {
  void demoItem.getValue().then((v) => (demoOn.value = v.on));
  return demoItem.watch((v) => (demoOn.value = v?.on ?? false));
}

export async function fillDemo(): Promise<void> {
  demoBusy.value = true;
  try {
    await sendMessage('demo.fill', {});
    demoOn.value = true;
  } finally {
    demoBusy.value = false;
  }
}

export async function removeDemo(): Promise<void> {
  demoBusy.value = true;
  try {
    await sendMessage('demo.remove', {});
    demoOn.value = false;
  } finally {
    demoBusy.value = false;
  }
}
