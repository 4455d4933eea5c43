import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchForNewToken, type NewToken } from '../../../lib/cabinet/token-capture';
import { makeToken } from '../../helpers/tokens';

/** Waits for an assertion to hold; generous, since the whole suite runs on two busy cores. */
const until = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 5000, interval: 20 });

let controller: AbortController;

afterEach(() => {
  controller?.abort();
  document.body.innerHTML = '';
});

function start(opts: { ignore?: Node } = {}) {
  controller = new AbortController();
  const seen: (NewToken | null)[] = [];
  const watcher = watchForNewToken(document, controller.signal, {
    onChange: (c) => seen.push(c),
    pollMs: 30,
    ...opts,
  });
  return { watcher, seen, latest: () => seen.at(-1) ?? null };
}

const settle = () => new Promise((r) => setTimeout(r, 200));

describe('watchForNewToken', () => {
  it('tokens on the page when watching starts are never offered, wherever they are', async () => {
    const old1 = makeToken({ categories: ['statistics'] });
    const old2 = makeToken({ categories: ['finance'] });
    document.body.innerHTML = `<p>Токен: <code>${old1}</code></p><input id="f" readonly />`;
    (document.getElementById('f') as HTMLInputElement).value = old2;
    const { seen } = start();
    // The page re-renders them: still the same tokens.
    document.body.innerHTML = `<section><code>${old1}</code><textarea>${old2}</textarea></section>`;
    await settle();
    expect(seen).toEqual([]);
  });

  it('a token appearing as text is offered with its element, and read only by take()', async () => {
    const { watcher, latest } = start();
    const token = makeToken({ categories: ['promotion'] });
    const box = document.createElement('div');
    box.innerHTML = `<span>Ваш токен</span><div id="t">${token}</div>`;
    document.body.append(box);
    await until(() => expect(latest()).not.toBeNull());
    const c = latest()!;
    expect(c.element).toBe(document.getElementById('t'));
    expect(JSON.stringify(c)).not.toContain(token.slice(20, 60));
    expect(watcher.take(c)).toBe(token);
  });

  it('a token set as a field’s value (no DOM mutation) is found by the periodic check', async () => {
    document.body.innerHTML = '<input id="f" readonly />';
    const { watcher, latest } = start();
    const token = makeToken();
    (document.getElementById('f') as HTMLInputElement).value = token;
    await until(() => expect(latest()?.element.id).toBe('f'));
    expect(watcher.take(latest()!)).toBe(token);
  });

  it('non-WB JWTs and other text are ignored', async () => {
    const { seen } = start();
    const header = btoa(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).replace(/=+$/, '');
    const payload = btoa(JSON.stringify({ sub: '42', exp: 2000000000 })).replace(/=+$/, '');
    document.body.innerHTML = `<p>${header}.${payload}.c2lnbmF0dXJlLXNpZ25hdHVyZQ</p><p>eyJ не токен</p>`;
    await settle();
    expect(seen).toEqual([]);
  });

  it('when the token leaves the page the offer is withdrawn, and take() reads nothing', async () => {
    const { watcher, latest } = start();
    document.body.innerHTML = `<div id="t">${makeToken()}</div>`;
    await until(() => expect(latest()).not.toBeNull());
    const c = latest()!;
    document.body.innerHTML = '<p>Готово</p>';
    await until(() => expect(latest()).toBeNull());
    expect(watcher.take(c)).toBeNull();
  });

  it('a settled (saved) token is not offered again; a newer one is', async () => {
    const { watcher, latest, seen } = start();
    const first = makeToken();
    document.body.innerHTML = `<div id="a">${first}</div>`;
    await until(() => expect(latest()).not.toBeNull());
    watcher.settle(latest()!);
    expect(latest()).toBeNull();
    await settle();
    expect(seen.filter(Boolean)).toHaveLength(1);
    const second = makeToken();
    document.body.insertAdjacentHTML('beforeend', `<div id="b">${second}</div>`);
    await until(() => expect(latest()?.element.id).toBe('b'));
    expect(watcher.take(latest()!)).toBe(second);
  });

  it('our own UI is never scanned', async () => {
    const ours = document.createElement('div');
    document.body.append(ours);
    const { seen } = start({ ignore: ours });
    const field = document.createElement('textarea');
    field.value = makeToken();
    ours.append(field);
    await settle();
    expect(seen).toEqual([]);
  });

  it('stops on abort', async () => {
    const { seen } = start();
    controller.abort();
    document.body.innerHTML = `<div>${makeToken()}</div>`;
    await settle();
    expect(seen).toEqual([]);
  });
});
