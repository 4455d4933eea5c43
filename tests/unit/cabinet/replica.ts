/**
 * Loads a replica of WB's token page (tests/fixtures/cabinet/token-page-v*.html) into the test document and runs its
 * inline script, as the browser would. The returned function removes it again, listeners included.
 */
import fs from 'node:fs';
import path from 'node:path';

export type Replica = 'token-page-v1.html' | 'token-page-v2.html';

export const REPLICAS: Replica[] = ['token-page-v1.html', 'token-page-v2.html'];

export function replicaHtml(name: Replica): string {
  return fs.readFileSync(path.resolve('tests/fixtures/cabinet', name), 'utf8');
}

export function loadReplica(name: Replica): () => void {
  const parsed = new DOMParser().parseFromString(replicaHtml(name), 'text/html');
  const scripts = [...parsed.querySelectorAll('script')].map((s) => {
    s.remove();
    return s.textContent ?? '';
  });
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
  const added: [string, EventListenerOrEventListenerObject, unknown][] = [];
  const add = document.addEventListener.bind(document);
  Object.defineProperty(document, 'addEventListener', {
    configurable: true,
    value: (type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions) => {
      added.push([type, listener, options]);
      add(type, listener, options);
    },
  });
  try {
    for (const code of scripts) new Function(code)();
  } finally {
    delete (document as { addEventListener?: unknown }).addEventListener;
  }
  return () => {
    for (const [type, listener, options] of added)
      document.removeEventListener(type, listener, options as EventListenerOptions);
    document.head.innerHTML = '';
    document.body.innerHTML = '';
  };
}

/** Clicks the first element matching `selector` (the replica's own markers, never used by the code under test). */
export function click(selector: string): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`replica has no ${selector}`);
  el.click();
}
