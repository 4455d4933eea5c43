/**
 * The guided token setup on WB's token page: the seller picks goals, the guide says which token to create and
 * points at each control of WB's form, then offers to save the newly shown token into the keyring with one click.
 * The raw token is never put into our DOM (only a masked form), and is read from the page only when the seller
 * clicks «Сохранить в Seller Lens». Loaded on demand by the token-setup panel (see panels/token-setup.tsx).
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSignal, type Signal } from '@preact/signals';
import { tokensOnPage, watchForNewToken, type NewToken, type TokenWatcher } from '@/lib/cabinet/token-capture';
import {
  findAccessChoice,
  findCategoryBoxes,
  findCreateButton,
  findManualTab,
  findNameInput,
  findOpenDialog,
  findPersonalType,
  findSubmitButton,
  WB_FORM_LABELS as L,
} from '@/lib/cabinet/token-page';
import {
  choosePlacement,
  GOALS,
  recommendTokens,
  splitMatters,
  type Goal,
  type TokenPlan,
} from '@/lib/cabinet/token-setup';
import { lang, t, type MessageKey } from '@/lib/i18n';
import { sendMessage, type ResponseOf } from '@/lib/messaging';
import { CATEGORY_LABELS_RU, type WbCategory } from '@/lib/token/categories';

type Saved = Extract<ResponseOf<'capture.saveToken'>, { ok: true }>;

const GOAL_LABEL: Record<Goal, MessageKey> = {
  orders: 'capOrders',
  stocks: 'capStocks',
  finance: 'capFinance',
  ads: 'capAds',
  bidder: 'capBidder',
  cards: 'goalCards',
};

const TYPE_LABEL: Record<string, MessageKey> = {
  base: 'typeBase',
  personal: 'typePersonal',
  service: 'typeService',
  test: 'typeTest',
};

const PANEL_WIDTH = 340;
/** The compact bar (docked at the top or bottom when both sides would cover the control): one step and its buttons. */
const BAR_HEIGHT = 150;

const quoted = (categories: readonly WbCategory[]) => categories.map((c) => `«${CATEGORY_LABELS_RU[c]}»`).join(', ');

interface FormItem {
  text: string;
  /** The controls to point at; empty when the page does not have them (then the words are all there is). */
  targets: () => Element[];
  /** What of this item was not found, in words; null when everything was. */
  missing: (targets: Element[]) => string | null;
}

const one = (el: Element | null) => (el ? [el] : []);
const noneFound = (targets: Element[]) => (targets.length ? null : t('formNotFound'));

/** Step 2: WB's form, control by control, in the order the seller meets them. */
function formItems(plan: TokenPlan): FormItem[] {
  return [
    { text: t('formCreate', { button: L.create }), targets: () => one(findCreateButton()), missing: noneFound },
    { text: t('formManual', { tab: L.manualTab }), targets: () => one(findManualTab()), missing: noneFound },
    { text: t('formType', { type: L.personal }), targets: () => one(findPersonalType()), missing: noneFound },
    { text: t('formName', { name: plan.name }), targets: () => one(findNameInput()), missing: noneFound },
    {
      text: t('formCategories', { list: quoted(plan.categories) }),
      targets: () => [...findCategoryBoxes(plan.categories).values()],
      missing: () => {
        const found = findCategoryBoxes(plan.categories);
        const lost = plan.categories.filter((c) => !found.has(c));
        if (lost.length === plan.categories.length) return t('formNotFound');
        return lost.length ? t('formSomeNotFound', { list: quoted(lost) }) : null;
      },
    },
    {
      text: t(plan.readOnly ? 'formAccessRead' : 'formAccessWrite', L),
      targets: () => one(findAccessChoice(plan.readOnly)),
      missing: noneFound,
    },
    { text: t('formSubmit', { button: L.submit }), targets: () => one(findSubmitButton()), missing: noneFound },
  ];
}

function checkLines(saved: Saved): string[] {
  const lines = saved.check.problems.map(({ goal, missing }) =>
    t(missing.kind === 'write' ? 'checkWrite' : missing.kind === 'notBase' ? 'checkNotBase' : 'checkCategory', {
      goal: t(GOAL_LABEL[goal]),
      category: CATEGORY_LABELS_RU[missing.category],
      readWrite: L.readWrite,
    }),
  );
  if (saved.check.sandbox) lines.push(t('sandboxHint'));
  if (saved.check.baseLimited) lines.push(t('recommendPersonal'));
  return lines;
}

/** Outlines drawn over WB's controls; WB's own elements are never changed. */
function Pointers({ targets }: { targets: Element[] }) {
  return (
    <>
      {targets.map((el, i) => {
        const r = el.getBoundingClientRect();
        return (
          <div
            key={i}
            class="wbx-pointer"
            aria-hidden="true"
            style={{
              left: `${r.left - 4}px`,
              top: `${r.top - 4}px`,
              width: `${r.width + 8}px`,
              height: `${r.height + 8}px`,
            }}
          />
        );
      })}
    </>
  );
}

export interface TokenGuideProps {
  signal: AbortSignal;
  /** Our own UI: never scanned for tokens, and its changes do not count as page changes. */
  container: Node;
  /** For tests: how often WB's fields are re-checked for a new token. */
  pollMs?: number;
}

/** The guide itself; renders nothing until the background says whether it was dismissed. */
export function TokenGuide({ signal, container, pollMs }: TokenGuideProps) {
  const ready = useSignal(false);
  const dismissed = useSignal(false);
  const collapsed = useSignal(false);
  const step = useSignal<1 | 2 | 3>(1);
  const goals = useSignal<Goal[]>(['orders']);
  const split = useSignal(false);
  const planIndex = useSignal(0);
  const item = useSignal(0);
  const candidate = useSignal<NewToken | null>(null);
  const busy = useSignal(false);
  const saved = useSignal<Saved | null>(null);
  const error = useSignal<string | null>(null);
  const status = useSignal('');
  const tick = useSignal(0);
  const watcher = useRef<TokenWatcher | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const paste = useRef<HTMLTextAreaElement>(null);
  const moved = useRef(false);
  // The guide starts at mount: tokens on the page now are never offered, even before the background answers.
  const [known] = useState(() => tokensOnPage(document, container));

  useEffect(() => {
    sendMessage('tokenGuide.get', {})
      .then((s) => {
        if (signal.aborted) return;
        lang.value = s.lang;
        dismissed.value = s.dismissed;
        ready.value = true;
      })
      // Without an answer the guide still guides (in Russian); saving will say the background is unavailable.
      .catch(() => {
        if (!signal.aborted) ready.value = true;
      });
  }, []);

  // Watching for a new token, unless the seller dismissed the guide.
  useEffect(() => {
    if (!ready.value || dismissed.value || watcher.current) return;
    watcher.current = watchForNewToken(document, signal, {
      known,
      ignore: container,
      pollMs,
      onChange: (c) => {
        candidate.value = c;
        if (c) {
          // The previous token of a split plan is saved: this one is the next token.
          if (saved.value && planIndex.value < recommendTokens(goals.value, split.value).length - 1) planIndex.value++;
          error.value = null;
          saved.value = null;
          step.value = 3;
          status.value = t('captureFound');
        }
      },
    });
    // WB's form opens and changes without a navigation: re-find the controls when the page changes or scrolls.
    let pending = false;
    const bump = () => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        tick.value++;
      }, 120);
    };
    const observer = new MutationObserver((records) => {
      if (records.some((r) => !container.contains(r.target))) bump();
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    window.addEventListener('scroll', bump, { capture: true, passive: true, signal });
    window.addEventListener('resize', bump, { signal });
  }, [ready.value, dismissed.value]);

  // Focus follows the seller's own step changes (never on page load: the guide must not steal focus from WB).
  useEffect(() => {
    if (moved.current) heading.current?.focus();
  }, [step.value, planIndex.value]);

  if (!ready.value || dismissed.value) return null;
  void tick.value; // re-render on page changes

  const plans = recommendTokens(goals.value, split.value);
  const plan = plans[Math.min(planIndex.value, plans.length - 1)];
  const items = plan ? formItems(plan) : [];
  const current = items[item.value];
  const targets =
    step.value === 2 && current
      ? current.targets()
      : step.value === 3 && candidate.value
        ? [candidate.value.element]
        : [];
  // Dock where neither the control pointed at (or, before that, «+ Создать токен») nor WB's form is covered.
  const placement = choosePlacement(
    (targets[0] ?? findCreateButton())?.getBoundingClientRect() ?? null,
    findOpenDialog()?.getBoundingClientRect() ?? null,
    { width: innerWidth, height: innerHeight },
    { width: PANEL_WIDTH, barHeight: BAR_HEIGHT },
  );
  const compact = collapsed.value || placement === 'top' || placement === 'bottom';

  const go = (s: 1 | 2 | 3) => {
    moved.current = true;
    step.value = s;
    status.value = '';
  };
  const toggleGoal = (g: Goal) => {
    goals.value = goals.value.includes(g) ? goals.value.filter((x) => x !== g) : [...goals.value, g];
    planIndex.value = 0;
  };
  const showItem = (i: number) => {
    item.value = i;
    items[i]?.targets()[0]?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  const dismiss = () => {
    dismissed.value = true;
    void sendMessage('tokenGuide.setDismissed', { dismissed: true }).catch(() => undefined);
  };

  const save = async (raw: string | null, after: () => void) => {
    if (!plan) return;
    if (raw === null) {
      error.value = t('captureGone');
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      const r = await sendMessage('capture.saveToken', {
        raw: raw.slice(0, 8192),
        goals: plan.goals,
        label: plan.name,
      });
      if (r.ok) {
        saved.value = r;
        status.value = t('captureSaved', savedParams(r));
        after();
      } else {
        error.value = r.error.message;
      }
    } catch {
      error.value = t('backgroundUnavailable');
    } finally {
      busy.value = false;
    }
  };
  const saveCaptured = () => {
    const c = candidate.value;
    if (!c || !watcher.current) return;
    const w = watcher.current;
    // The only place the page's token is read, on the seller's click; it is not kept after sending.
    void save(w.take(c), () => w.settle(c));
  };
  const savePasted = (e: Event) => {
    e.preventDefault();
    const field = paste.current;
    if (!field) return;
    void save(field.value, () => (field.value = ''));
  };
  const nextToken = () => {
    planIndex.value++;
    item.value = 0;
    saved.value = null;
    go(2);
  };

  return (
    <>
      <Pointers targets={targets} />
      <aside
        id="wbx-token-setup"
        class={`wbx-guide wbx-${compact ? (placement === 'bottom' ? 'bottom' : 'top') : placement}`}
        aria-labelledby="wbx-guide-title"
        data-step={step.value}
      >
        <header class="wbx-guide-head">
          <h2 id="wbx-guide-title">{t('guideTitle')}</h2>
          <button
            type="button"
            class="wbx-icon"
            aria-expanded={!collapsed.value}
            onClick={() => (collapsed.value = !collapsed.value)}
          >
            {t(collapsed.value ? 'guideExpand' : 'guideCollapse')}
          </button>
          <button
            type="button"
            class="wbx-icon"
            aria-label={t('guideDismiss')}
            title={t('guideDismiss')}
            onClick={dismiss}
          >
            ×
          </button>
        </header>
        <p class="wbx-sr" role="status" aria-live="polite">
          {status.value}
        </p>
        {!compact && (
          <>
            <nav aria-label={t('guideSteps')}>
              <ol class="wbx-steps">
                {(['guideStepGoals', 'guideStepForm', 'guideStepSave'] as const).map((key, i) => (
                  <li key={key}>
                    <button
                      type="button"
                      aria-current={step.value === i + 1 ? 'step' : undefined}
                      disabled={!plan}
                      onClick={() => go((i + 1) as 1 | 2 | 3)}
                    >
                      {i + 1}. {t(key)}
                    </button>
                  </li>
                ))}
              </ol>
            </nav>
            <h3 ref={heading} tabIndex={-1}>
              {plans.length > 1 && step.value > 1
                ? t('guideTokenN', { n: planIndex.value + 1, total: plans.length })
                : t(step.value === 1 ? 'guideStepGoals' : step.value === 2 ? 'guideStepForm' : 'guideStepSave')}
            </h3>
            {step.value === 1 && (
              <GoalsStep goals={goals} split={split} plans={plans} toggle={toggleGoal} onNext={() => go(2)} />
            )}
          </>
        )}
        {step.value === 2 && plan && (
          <>
            {!compact && <p class="wbx-once">{t('guideOnce')}</p>}
            <ol class="wbx-items">
              {items.map((it, i) => {
                const active = i === item.value;
                // The compact bar shows the current step only.
                if (compact && !active) return null;
                const lost = active ? it.missing(targets) : null;
                return (
                  <li
                    key={i}
                    value={i + 1}
                    class={active ? 'wbx-active' : undefined}
                    aria-current={active ? 'step' : undefined}
                  >
                    <button type="button" class="wbx-item" onClick={() => showItem(i)}>
                      {it.text}
                    </button>
                    {lost && <p class="wbx-lost">{lost}</p>}
                  </li>
                );
              })}
            </ol>
            <div class="wbx-nav">
              <button type="button" onClick={() => (item.value > 0 ? showItem(item.value - 1) : go(1))}>
                {t('guideBack')}
              </button>
              <button
                type="button"
                class="wbx-primary"
                onClick={() => (item.value < items.length - 1 ? showItem(item.value + 1) : go(3))}
              >
                {t('guideNext')}
              </button>
            </div>
          </>
        )}
        {step.value === 3 && (
          <>
            {saved.value ? (
              <SavedToken saved={saved.value} />
            ) : candidate.value ? (
              <button type="button" class="wbx-primary wbx-save" disabled={busy.value} onClick={saveCaptured}>
                {t(busy.value ? 'captureSaving' : 'captureSave')}
              </button>
            ) : (
              <p>
                {t('captureWaiting')} {t('guideOnce')}
              </p>
            )}
            {error.value && (
              <p class="wbx-error" role="alert">
                {error.value}
              </p>
            )}
            {saved.value && planIndex.value < plans.length - 1 && (
              <button type="button" class="wbx-primary" onClick={nextToken}>
                {t('captureNextToken')}
              </button>
            )}
            {!compact && (
              <details open={!!error.value}>
                <summary>{t('pasteTitle')}</summary>
                <form onSubmit={savePasted}>
                  <label>
                    {t('tokenFieldLabel')}
                    <textarea ref={paste} rows={3} spellcheck={false} autocomplete="off" />
                  </label>
                  <button type="submit" disabled={busy.value}>
                    {t('pasteSave')}
                  </button>
                </form>
              </details>
            )}
          </>
        )}
      </aside>
    </>
  );
}

function GoalsStep(props: {
  goals: Signal<Goal[]>;
  split: Signal<boolean>;
  plans: TokenPlan[];
  toggle: (g: Goal) => void;
  onNext: () => void;
}) {
  const { goals, split, plans } = props;
  return (
    <>
      <p>{t('guideGoalsIntro')}</p>
      <fieldset class="wbx-goals">
        <legend class="wbx-sr">{t('guideStepGoals')}</legend>
        {GOALS.map((g) => (
          <label key={g}>
            <input type="checkbox" checked={goals.value.includes(g)} onChange={() => props.toggle(g)} />{' '}
            {t(GOAL_LABEL[g])}
          </label>
        ))}
      </fieldset>
      {splitMatters(goals.value) && (
        <fieldset class="wbx-goals">
          <legend class="wbx-sr">{t('guideSplit')}</legend>
          {([false, true] as const).map((v) => (
            <label key={String(v)}>
              <input type="radio" name="wbx-split" checked={split.value === v} onChange={() => (split.value = v)} />{' '}
              {t(v ? 'guideSplit' : 'guideSingle')}
            </label>
          ))}
        </fieldset>
      )}
      {plans.length === 0 ? (
        <p class="wbx-error">{t('guidePickGoal')}</p>
      ) : (
        <>
          <ul class="wbx-plan">
            {plans.map((p, i) => (
              <li key={i}>
                {t('guidePlanLine', {
                  categories: quoted(p.categories),
                  access: `«${p.readOnly ? L.readOnly : L.readWrite}»`,
                })}
              </li>
            ))}
          </ul>
          <p class="wbx-hint">{t('guidePersonal')}</p>
          <p class="wbx-hint">{t('guideBase')}</p>
        </>
      )}
      <div class="wbx-nav">
        <button type="button" class="wbx-primary" disabled={plans.length === 0} onClick={props.onNext}>
          {t('guideToForm')}
        </button>
      </div>
    </>
  );
}

function savedParams(s: Saved) {
  return {
    label: s.token.label,
    type: t(TYPE_LABEL[s.token.type] ?? 'typeUnknown'),
    access: t(s.token.readOnly ? 'readOnly' : 'readWrite'),
    categories: s.token.categories.map((c) => CATEGORY_LABELS_RU[c]).join(', ') || t('noCategories'),
  };
}

/** The saved token as the keyring shows it (masked), and what to do about any goal it does not serve. */
function SavedToken({ saved }: { saved: Saved }) {
  const problems = checkLines(saved);
  return (
    <div class="wbx-saved" data-token-id={saved.token.id}>
      <p>
        {t('captureSaved', savedParams(saved))} <code>{saved.token.masked}</code>
      </p>
      {problems.length ? (
        <ul class="wbx-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : (
        <p class="wbx-ok">{t('captureFits')}</p>
      )}
      <p>{t('captureDone')}</p>
    </div>
  );
}

/** Mounts the guide into the panel's shadow root (called by the lazily loaded token-guide script). */
export function mountTokenGuide(container: HTMLElement, signal: AbortSignal): void {
  render(<TokenGuide signal={signal} container={container} />, container);
}
