/**
 * The analytics panels' view: a docked, collapsible box with the figures the background sent, display-ready
 * (labels, values, tables, notes, the data's age and source). It formats nothing and holds no dictionary: the
 * background answers in the seller's language. Folded or not is remembered by the background, per panel.
 */
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { sendMessage, type RequestOf, type ResponseOf } from '@/lib/messaging';
import { BidderBlock } from './bidder-block';

type Figures = ResponseOf<'panel.figures'>;

function AnalyticsPanel({ request, signal }: { request: RequestOf<'panel.figures'>; signal: AbortSignal }) {
  const data = useSignal<Figures | null>(null);
  const collapsed = useSignal(false);
  useEffect(() => {
    sendMessage('panel.figures', request)
      .then((f) => {
        if (signal.aborted) return;
        collapsed.value = f.collapsed;
        data.value = f;
      })
      .catch((err: unknown) => console.warn('Seller Lens: no figures for the panel', err));
  }, []);
  const d = data.value;
  if (!d) return null;
  const id = `wbx-${d.panel}`;
  const toggle = () => {
    collapsed.value = !collapsed.value;
    void sendMessage('panel.setCollapsed', { panel: d.panel, collapsed: collapsed.value }).catch(() => undefined);
  };
  const open = !collapsed.value;
  return (
    <aside
      id={id}
      class="wbx-panel"
      lang={d.lang}
      aria-labelledby={`${id}-title`}
      data-collapsed={String(!open)}
      data-state={d.empty ? 'empty' : 'ready'}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          toggle();
          (e.currentTarget as HTMLElement).querySelector('button')?.focus();
        }
      }}
    >
      <header class="wbx-panel-head">
        <h2 id={`${id}-title`} class="wbx-panel-title">
          {d.title}
        </h2>
        <button
          type="button"
          class="wbx-toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          title={open ? d.ui.collapse : d.ui.expand}
          onClick={toggle}
        >
          {open ? d.ui.collapse : d.ui.expand}
        </button>
      </header>
      {open && (
        <div id={`${id}-body`} class="wbx-panel-body">
          {d.subtitle && <p class="wbx-sub">{d.subtitle}</p>}
          {d.empty ? (
            <p class="wbx-empty" role="status">
              {d.empty}
            </p>
          ) : (
            <>
              <dl class="wbx-stats">
                {d.stats.map((s) => (
                  <div class="wbx-stat" key={s.label}>
                    <dt>{s.label}</dt>
                    <dd>
                      {s.value}
                      {s.note && <small class="wbx-note">{s.note}</small>}
                    </dd>
                  </div>
                ))}
              </dl>
              {d.tables.map((tb) => (
                // Focusable, so the keyboard can scroll a wide table.
                <div class="wbx-table" tabIndex={0} role="region" aria-label={tb.caption} key={tb.caption}>
                  <table>
                    <caption>{tb.caption}</caption>
                    <thead>
                      <tr>
                        {tb.columns.map((c) => (
                          <th scope="col" key={c}>
                            {c}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {tb.rows.map((r, i) => (
                        <tr key={i}>{r.map((cell, j) => (j === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
              {d.notes.length > 0 && (
                <ul class="wbx-notes">
                  {d.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
            </>
          )}
          <p class="wbx-meta">{[d.asOf, d.source].filter(Boolean).join(' · ')}</p>
          {request.panel === 'campaign' && <BidderBlock advertId={request.campaignId} signal={signal} />}
        </div>
      )}
    </aside>
  );
}

/** Renders an analytics panel; returns its unmount. */
export function mountAnalyticsPanel(
  container: HTMLElement,
  signal: AbortSignal,
  request: RequestOf<'panel.figures'>,
): () => void {
  render(<AnalyticsPanel request={request} signal={signal} />, container);
  return () => render(null, container);
}
