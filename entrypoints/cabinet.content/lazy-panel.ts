/**
 * Panels that are large and belong to one page load their code on demand, so the content script that runs on every
 * cabinet page stays small. The code is an unlisted script (a web-accessible resource) imported into the content
 * script's own isolated world, where it publishes its mount function; the page's scripts never see it.
 */
import browser from 'webextension-polyfill';

type Mount = (container: HTMLElement, signal: AbortSignal) => void;
/**
 * What a lazily loaded script publishes: a mount that may take the panel's own argument (which view, what data) and
 * returns its unmount (the script's own Preact must unmount what it rendered), called when the panel is removed.
 */
type PublishedMount = (container: HTMLElement, signal: AbortSignal, arg?: unknown) => void | (() => void);

const keyOf = (name: string) => Symbol.for(`seller-lens.panel.${name}`);

/** In the lazily loaded script: hands its mount function to the panel that loaded it. */
export function publishPanel(name: string, mount: PublishedMount): void {
  (globalThis as Record<symbol, unknown>)[keyOf(name)] = mount;
}

/**
 * In the panel: loads `/<name>.js` once, then mounts it unless the panel was removed meanwhile. Several panels may
 * share one script; `arg` tells its mount which of them to render.
 */
export function lazyMount(name: string, arg?: unknown): Mount {
  let loading: Promise<PublishedMount> | undefined;
  return (container, signal) => {
    loading ??= import(/* @vite-ignore */ browser.runtime.getURL(`/${name}.js`)).then(() => {
      const mount = (globalThis as Record<symbol, unknown>)[keyOf(name)];
      if (typeof mount !== 'function') throw new Error(`${name}.js did not publish a panel`);
      return mount as PublishedMount;
    });
    loading.then(
      (mount) => {
        if (signal.aborted) return;
        const unmount = mount(container, signal, arg);
        if (unmount) signal.addEventListener('abort', unmount, { once: true });
      },
      (err: unknown) => {
        loading = undefined;
        console.warn(`Seller Lens: could not load ${name}`, err);
      },
    );
  };
}
