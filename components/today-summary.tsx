import { t } from '@/lib/i18n';

export interface DaySummary {
  orders: number;
  /** kopecks */
  orderSum: number;
  sales: number;
  returns: number;
}

export interface SummaryAlert {
  kind: 'stock' | 'token' | 'sync';
  text: string;
}

/** The popup's glance: today and yesterday (orders count and sum, buyouts, returns), data age and alerts. */
export function TodaySummary({
  title,
  today,
  yesterday,
  money,
  dataAge,
  alerts,
}: {
  title: preact.ComponentChildren;
  today: DaySummary;
  yesterday: DaySummary;
  /** Formats kopecks. */
  money: (kopecks: number) => string;
  dataAge: string;
  alerts: SummaryAlert[];
}) {
  const rows: [string, (d: DaySummary) => string][] = [
    [t('sumOrders'), (d) => `${d.orders.toLocaleString('ru-RU')} · ${money(d.orderSum)}`],
    [t('sumBuyouts'), (d) => d.sales.toLocaleString('ru-RU')],
    [t('sumReturns'), (d) => d.returns.toLocaleString('ru-RU')],
  ];
  return (
    <section class="today-summary" data-summary>
      <p class="summary-title">
        <strong>{title}</strong>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" class="num">
              {t('sumToday')}
            </th>
            <th scope="col" class="num">
              {t('sumYesterday')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td class="num">{f(today)}</td>
              <td class="num">{f(yesterday)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{dataAge}</p>
      {alerts.length > 0 && (
        <div class="alerts" role="alert">
          <strong>{t('alertsTitle')}</strong>
          <ul>
            {alerts.map((a) => (
              <li key={a.text} data-alert={a.kind}>
                {a.text}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
