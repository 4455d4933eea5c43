/**
 * Composition root: wires the keyring, the WB client, message handlers and alarm tasks. No logic of its own.
 */
import { defineBackground } from 'wxt/utils/define-background';
import browser from 'webextension-polyfill';
import { z } from 'zod';
import { handleMessages } from '@/lib/messaging';
import { demoHandlers } from '@/lib/demo/demo-service';
import { createKeyring } from '@/lib/token/keyring';
import { expiryTask, keyringHandlers } from '@/lib/background/keyring-service';
import { storageLimiterStore } from '@/lib/background/limiter-store';
import { tokenGuideHandlers } from '@/lib/background/token-guide-service';
import { createPanelService } from '@/lib/background/panel-service';
import { registerAlarmTasks } from '@/lib/sync/alarm-tasks';
import { createSyncBackground } from '@/lib/background/sync-service';
import { createBidderBackground } from '@/lib/background/bidder-service';
import { createPositionsBackground } from '@/lib/background/positions-service';
import { SellerLensDb } from '@/lib/db/schema';
import { createWbApi } from '@/lib/wb-api';
import { realClock } from '@/lib/wb-api/clock';
import { createLimiter } from '@/lib/wb-api/limiter';
import { installBench } from '@/lib/bench/service-worker';

// zod's JIT is blocked by the extension CSP: switch it off before any schema runs (TOOLCHAIN.md).
z.config({ jitless: true });

export default defineBackground({
  main() {
    // Content scripts must not read local storage, where the tokens live (Chrome; Firefox has no such switch).
    const local = browser.storage.local as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
    void local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);

    const wbFetch: typeof fetch = (...args) => fetch(...args);
    const db = new SellerLensDb();
    // Removing a seller stops its sync and deletes all its rows.
    const keyring = createKeyring({ purgeSellerData: (sellerId) => sync.engine.purgeSeller(sellerId) });
    const api = createWbApi({
      keyring,
      fetch: wbFetch,
      clock: realClock,
      limiter: createLimiter(realClock, storageLimiterStore),
    });
    const keyringApi = keyringHandlers({
      keyring,
      fetch: wbFetch,
      sellerName: async (sellerId) => {
        const info = await api.common.sellerInfo(sellerId);
        if (!info || info.sid !== sellerId) return null;
        return info.tradeMark || info.name || null;
      },
    });
    handleMessages({ ...keyringApi, ...tokenGuideHandlers({ addToken: keyringApi['keyring.add']! }) });
    const sync = createSyncBackground({ db, api, keyring });
    handleMessages(sync.handlers);
    handleMessages(createPanelService({ db, keyring }).handlers);
    handleMessages(demoHandlers(db));
    // Positions: official ones through the same `api`; live ones through WB's public hosts, without the token.
    // `positions.livePositionFor` reads stored checks only: the bidder's live position source.
    const positions = createPositionsBackground({ db, api, fetch: wbFetch });
    handleMessages(positions.handlers);
    // The bidder uses the same `api` as sync: both draw on the seller's one set of WB limits. What it reads of WB's ad
    // positions (fullstats, keyword stats) goes to the positions' side-by-side table without a request of its own.
    const bidder = createBidderBackground({
      db,
      api,
      keyring,
      livePosition: positions.livePositionFor,
      adsPositions: positions.storeAdsPositions,
    });
    handleMessages(bidder.handlers);
    void registerAlarmTasks([expiryTask(keyring), sync.task, bidder.task, positions.task]);
    sync.start();
    // `npm run bench` only: the bench build's hooks (production bundles drop this and the module).
    if (import.meta.env.MODE === 'bench') installBench();
  },
});
