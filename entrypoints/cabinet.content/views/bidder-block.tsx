/**
 * The bidder's block inside the campaign panel on cmp.wildberries.ru (one Seller Lens box per page): each item's
 * current bid, position and rule state (live, dry-run, paused by a guard and why), and the last bid changes. A
 * folded `<details>` so the campaign's figures stay first. Display data only, formatted by the background.
 */
import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { sendMessage, type ResponseOf } from '@/lib/messaging';

type BidderPanel = ResponseOf<'panel.bidder'>;

export function BidderBlock({ advertId, signal }: { advertId: number; signal: AbortSignal }) {
  const data = useSignal<BidderPanel | null>(null);
  useEffect(() => {
    sendMessage('panel.bidder', { advertId })
      .then((d) => {
        if (!signal.aborted) data.value = d;
      })
      .catch((err: unknown) => console.warn('Seller Lens: no bidder data for the panel', err));
  }, [advertId]);
  const d = data.value;
  if (!d) return null;
  return (
    <details id="wbx-bidder" class="wbx-bidder" data-known={String(d.known)}>
      <summary class="wbx-bidder-title">{d.title}</summary>
      {d.alert && (
        <p class="wbx-empty" role="status">
          {d.alert}
        </p>
      )}
      {d.rows.length > 0 && (
        <div class="wbx-table" tabIndex={0} role="region" aria-label={d.title}>
          <table>
            <thead>
              <tr>
                {d.columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r[0]}>{r.map((cell, j) => (j === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.last.length > 0 && (
        <>
          <p class="wbx-sub">{d.lastTitle}</p>
          <ul class="wbx-notes">
            {d.last.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </>
      )}
      {d.messages.length > 0 && (
        <ul class="wbx-notes">
          {d.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </details>
  );
}
