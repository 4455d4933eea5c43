/**
 * Drives a panel in a closed shadow root, which Playwright's locators cannot enter (by design: neither can the
 * page). Through the Chrome DevTools Protocol, controls are found in the accessibility tree by role and name, as a
 * screen reader finds them, and pressed with real mouse clicks at their position.
 */
import type { CDPSession, Page } from '@playwright/test';

interface AXNode {
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
  ignored?: boolean;
}

export interface ClosedPanel {
  /** Whether the panel's host element is on the page. */
  present(): Promise<boolean>;
  /** The text of everything inside the panel's shadow root. */
  text(): Promise<string>;
  /** The shadow root's markup, with form fields' current values. */
  html(): Promise<string>;
  /** Names of the controls of a role, e.g. every button. */
  names(role: string): Promise<string[]>;
  /** Clicks the first control of `role` whose accessible name matches. */
  click(role: string, name: string | RegExp): Promise<void>;
  /** Whether the control is checked/disabled etc.: reads a DOM property of it. */
  prop(role: string, name: string | RegExp, prop: string): Promise<unknown>;
  /** Where the elements matching `selector` inside the panel are, in viewport pixels. */
  rects(selector: string): Promise<{ x: number; y: number; width: number; height: number }[]>;
  /** The element focused inside the shadow root: its tag and text. */
  focused(): Promise<string | null>;
}

export async function closedPanel(page: Page, hostSelector: string): Promise<ClosedPanel> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('Accessibility.enable');

  const host = async (): Promise<{ host: number; shadow: number } | null> => {
    // The page may replace its document between two calls (a reload): then the host is not there yet.
    return findHost().catch(() => null);
  };
  const findHost = async (): Promise<{ host: number; shadow: number } | null> => {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: hostSelector });
    if (!nodeId) return null;
    const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (!shadow) return null;
    return { host: node.backendNodeId, shadow: shadow.backendNodeId };
  };
  const need = async () => {
    const h = await host();
    if (!h) throw new Error(`${hostSelector} is not on the page`);
    return h;
  };
  const call = async (backendNodeId: number, fn: string): Promise<unknown> => {
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId });
    const r = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: fn,
      returnByValue: true,
    });
    if (r.exceptionDetails)
      throw new Error(`in the panel: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };
  const query = async (role: string, name?: string | RegExp): Promise<AXNode[]> => {
    await need();
    // From the document: a query rooted at the host does not descend into its shadow root.
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodes } = (await cdp.send('Accessibility.queryAXTree', { backendNodeId: root.backendNodeId, role })) as {
      nodes: AXNode[];
    };
    const named = nodes.filter((n) => {
      if (n.ignored || !n.backendDOMNodeId) return false;
      const value = n.name?.value ?? '';
      return name === undefined || (typeof name === 'string' ? value === name : name.test(value));
    });
    const inPanel = await Promise.all(
      named.map((n) =>
        call(
          n.backendDOMNodeId!,
          `function () {
            const root = this.getRootNode();
            return root instanceof ShadowRoot && root.host.matches(${JSON.stringify(hostSelector)});
          }`,
        ),
      ),
    );
    return named.filter((_, i) => inPanel[i] === true);
  };
  /** The first matching control, waiting up to 5 s for it (the panel re-renders as the page changes). */
  const one = async (role: string, name: string | RegExp): Promise<number> => {
    for (const deadline = Date.now() + 5000; ; await page.waitForTimeout(100)) {
      const [node] = await query(role, name).catch(() => []);
      if (node) return node.backendDOMNodeId!;
      if (Date.now() > deadline) throw new Error(`no ${role} named ${String(name)} in ${hostSelector}`);
    }
  };

  return {
    present: async () => (await host()) !== null,
    text: async () =>
      String(
        await call(
          (await need()).shadow,
          `function () {
            return [...this.children].filter((c) => c.tagName !== 'STYLE').map((c) => c.innerText).join('\\n');
          }`,
        ),
      ),
    html: async () =>
      String(
        await call(
          (await need()).shadow,
          `function () {
            const fields = [...this.querySelectorAll('input, textarea')].map((f) => f.value).join(' ');
            return [...this.children].map((c) => c.outerHTML).join('') + fields;
          }`,
        ),
      ),
    names: async (role) => (await query(role)).map((n) => n.name?.value ?? ''),
    click: async (role, name) => {
      const backendNodeId = await one(role, name);
      await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId });
      const [x1, y1, , , x3, y3] = model.border;
      await page.mouse.click((x1! + x3!) / 2, (y1! + y3!) / 2);
    },
    prop: async (role, name, prop) =>
      call(await one(role, name), `function () { return this[${JSON.stringify(prop)}]; }`),
    rects: async (selector) =>
      (await call(
        (await need()).shadow,
        `function () {
          return [...this.querySelectorAll(${JSON.stringify(selector)})].map((e) => {
            const r = e.getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height };
          });
        }`,
      )) as { x: number; y: number; width: number; height: number }[],
    focused: async () =>
      (await call(
        (await need()).shadow,
        `function () { const a = this.activeElement; return a ? a.tagName + ' ' + a.textContent : null; }`,
      )) as string | null,
  };
}
