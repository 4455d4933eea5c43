import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MountPanel } from '../../../entrypoints/cabinet.content/panel';
import { publishPanelHost } from '../../../entrypoints/cabinet.content/panel-host';

const published = (): MountPanel =>
  (globalThis as Record<symbol, unknown>)[Symbol.for('seller-lens.panel.cabinet-panels')] as MountPanel;

// Each test publishes the script anew, as a reloaded extension would: WXT logs the older context's invalidation.
beforeEach(() => {
  vi.spyOn(console, 'debug').mockImplementation(() => {});
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('a panel script’s host', () => {
  it('mounts each panel in its own shadow root with the script’s stylesheet, and removes it on abort', async () => {
    const unmount = vi.fn();
    const render = vi.fn((container: HTMLElement, _signal: AbortSignal, arg: unknown) => {
      container.textContent = `figures for ${JSON.stringify(arg)}`;
      return unmount;
    });
    publishPanelHost('cabinet-panels', '.wbx-panel { color: rgb(1, 2, 3); }', render);
    const controller = new AbortController();
    await published()({ id: 'overview' }, { panel: 'overview' }, controller.signal);

    const host = document.querySelector('wbx-overview');
    expect(host).not.toBeNull();
    expect(host!.parentElement).toBe(document.body);
    const shadow = host!.shadowRoot!;
    expect(shadow.textContent).toContain('figures for {"panel":"overview"}');
    expect([...shadow.querySelectorAll('style')].map((s) => s.textContent).join('\n')).toContain(
      '.wbx-panel { color: rgb(1, 2, 3); }',
    );
    expect(render).toHaveBeenCalledTimes(1);
    // Nothing of the panel leaks into the page's own document.
    expect(document.body.textContent).not.toContain('figures for');

    controller.abort();
    expect(document.querySelector('wbx-overview')).toBeNull();
    expect(unmount).toHaveBeenCalledTimes(1);
  });

  it('a closed panel keeps the page out (no host.shadowRoot)', async () => {
    publishPanelHost('cabinet-panels', '', (container) => {
      container.textContent = 'guide';
    });
    await published()({ id: 'token-setup', shadowMode: 'closed' }, undefined, new AbortController().signal);
    const host = document.querySelector('wbx-token-setup');
    expect(host).not.toBeNull();
    expect(host!.shadowRoot).toBeNull();
  });

  it('mounts nothing when the router left the page before the host was ready', async () => {
    const render = vi.fn();
    publishPanelHost('cabinet-panels', '', render);
    const controller = new AbortController();
    const pending = published()({ id: 'stocks' }, undefined, controller.signal);
    controller.abort();
    await pending;
    expect(document.querySelector('wbx-stocks')).toBeNull();
    expect(render).not.toHaveBeenCalled();
  });

  it('a newer copy of the script (the extension reloaded) removes the older one’s panels', async () => {
    publishPanelHost('cabinet-panels', '', (container) => {
      container.textContent = 'old';
    });
    await published()({ id: 'finance' }, undefined, new AbortController().signal);
    expect(document.querySelector('wbx-finance')).not.toBeNull();
    publishPanelHost('cabinet-panels', '', () => {});
    expect(document.querySelector('wbx-finance')).toBeNull();
  });
});
