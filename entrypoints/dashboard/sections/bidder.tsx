import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import {
  AuditLog,
  BidderControls,
  CampaignBidsTable,
  RulesList,
  type AuditFilterValues,
} from '@/components/bidder-view';
import { RuleEditor } from '@/components/bidder/rule-editor';
import { t } from '@/lib/i18n';
import {
  bidderAudit,
  bidderBusy,
  bidderCampaigns,
  bidderState,
  deleteRule,
  refreshBidder,
  runNow,
  saveRule,
  setKillSwitch,
  setRuleMode,
  setRulePaused,
  watchBidder,
} from '@/lib/ui/bidder-client';
import type { Section } from '../section';

function BidderSection({ sellerId }: { sellerId: string }) {
  const filters = useSignal<AuditFilterValues>({});
  /** The rule open in the editor, or null for a new one. */
  const editing = useSignal<string | null>(null);
  const refresh = () => refreshBidder(sellerId, filters.value);
  useEffect(() => {
    bidderState.value = null;
    editing.value = null;
    void refresh();
    return watchBidder(() => void refresh());
  }, [sellerId]);

  const state = bidderState.value?.sellerId === sellerId ? bidderState.value : null;
  if (!state) return <p aria-busy="true">{t('loading')}</p>;
  const campaigns = bidderCampaigns.value;
  const edited = editing.value ? (state.rules.find((r) => r.id === editing.value) ?? null) : null;
  return (
    <div class="bidder">
      <h2>{t('sectionBidder')}</h2>
      <BidderControls
        state={state}
        busy={bidderBusy.value}
        onKillSwitch={(on) => void setKillSwitch(on)}
        onRunNow={() => void runNow(sellerId).then(refresh)}
      />
      <RulesList
        state={state}
        onMode={(ruleId, mode) => void setRuleMode(sellerId, ruleId, mode)}
        onDelete={(ruleId) => {
          if (editing.value === ruleId) editing.value = null;
          void deleteRule(sellerId, ruleId);
        }}
        onEdit={(ruleId) => (editing.value = ruleId)}
        onPause={(ruleId, paused) => void setRulePaused(sellerId, ruleId, paused)}
      />
      {campaigns.length === 0 ? (
        <p class="hint">{t('bidderNoCampaigns')}</p>
      ) : (
        // A new key per rule (or none) starts the editor afresh with that rule's values.
        <RuleEditor
          key={edited?.id ?? 'new'}
          sellerId={sellerId}
          campaigns={campaigns}
          rule={edited}
          onSave={saveRule}
          {...(edited ? { onCancel: () => (editing.value = null) } : {})}
        />
      )}
      <CampaignBidsTable campaigns={campaigns} />
      <AuditLog
        entries={bidderAudit.value}
        campaigns={campaigns}
        filters={filters.value}
        onFilters={(f) => {
          filters.value = f;
          void refresh();
        }}
      />
    </div>
  );
}

/** Реклама → Биддер: rules, their state, the kill switch and the audit log. */
export const bidderSection: Section = {
  id: 'bidder',
  title: 'sectionBidder',
  render: ({ sellerId }) => <BidderSection sellerId={sellerId} />,
};
