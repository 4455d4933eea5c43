/**
 * Everything the simulator knows about one seller, generated deterministically from a seed and sized by an order
 * count, relative to the simulator's start time (so the same seed and start give the same data).
 */
import { SELLER_NAMES } from '../catalog';
import { DAY_SEC } from '../msk-time';
import { hash32, hashDigits, Rng } from '../prng';
import { generateCampaigns, type Campaign } from './advert';
import { materializeFeed, type FeedFilters, type FeedSnapshot } from './feed';
import { FinanceStore } from './finance';
import { OrderStore } from './orders';
import { generateProducts, generateStocks, SELLER_TAGS, type Product, type StockRow } from './products';

export interface SellerSpec {
  /** WB seller id (`sid` claim, UUID). */
  id: string;
  /** Seed of this seller's data; default derived from the simulator seed and the seller's position. */
  seed?: number;
  /** Orders over the whole history (default: the simulator's `orders`). Sales and returns follow from them. */
  orders?: number;
  /** Number of items (nmId). Default 400. */
  products?: number;
  /** Number of ad campaigns. Default 24. */
  campaigns?: number;
  /** Days of order history before the start time. Default 120 (90 visible in statistics plus older history). */
  historyDays?: number;
  name?: string;
  tradeMark?: string;
  /** ИНН. */
  tin?: string;
}

export interface DatasetSettings {
  anchorMs: number;
  defaultOrders: number;
  retentionDays: number;
}

export class SellerDataset {
  readonly sellerId: string;
  readonly seed: number;
  readonly index: number;
  readonly name: string;
  readonly tradeMark: string;
  readonly tin: string;
  /** The simulator's start time, unix seconds: the data is generated relative to it. */
  readonly anchorSec: number;
  readonly historyDays: number;
  readonly products: Product[];
  readonly orders: OrderStore;
  readonly campaigns: Campaign[];
  readonly tags = SELLER_TAGS;
  private stocksCache: StockRow[] | null = null;
  private financeCache: FinanceStore | null = null;
  private readonly byNm = new Map<number, Product>();
  private readonly feedSnapshots = new Map<string, FeedSnapshot>();
  private mutationSeq = 0;

  constructor(spec: SellerSpec, index: number, simSeed: number, settings: DatasetSettings) {
    this.sellerId = spec.id;
    this.index = index;
    this.seed = spec.seed ?? hash32(simSeed, index + 1) % 1_000_000_007;
    const names = SELLER_NAMES[index % SELLER_NAMES.length]!;
    this.name = spec.name ?? names.name;
    this.tradeMark = spec.tradeMark ?? names.tradeMark;
    this.tin = spec.tin ?? hashDigits(12, this.seed, 99);
    this.anchorSec = Math.floor(settings.anchorMs / 1000);
    this.historyDays = spec.historyDays ?? 120;
    this.products = generateProducts(this.seed, spec.products ?? 400, this.anchorSec * 1000);
    for (const p of this.products) this.byNm.set(p.nmId, p);
    this.orders = new OrderStore({
      seed: this.seed,
      count: spec.orders ?? settings.defaultOrders,
      anchorSec: this.anchorSec,
      historyDays: this.historyDays,
      products: this.products,
      sellerDigit: (index % 9) + 1,
      retentionDays: settings.retentionDays,
    });
    this.campaigns = generateCampaigns(this.seed, spec.campaigns ?? 24, this.products, this.anchorSec);
  }

  /** Current WB-warehouse stock rows (generated on first use). */
  get stocks(): StockRow[] {
    this.stocksCache ??= generateStocks(this.seed, this.products);
    return this.stocksCache;
  }

  /** Realisation-report operations (built on first use). */
  get finance(): FinanceStore {
    this.financeCache ??= new FinanceStore(
      this.orders,
      this.seed,
      this.index,
      this.anchorSec - this.historyDays * DAY_SEC,
      this.anchorSec + 60 * DAY_SEC,
    );
    return this.financeCache;
  }

  product(nmId: number): Product | undefined {
    return this.byNm.get(nmId);
  }

  campaign(id: number): Campaign | undefined {
    return this.campaigns.find((c) => c.id === id);
  }

  /** A deterministic generator for the n-th mutation of this seller's data. */
  mutationRng(): Rng {
    return new Rng(hash32(this.seed, 0x3d7, ++this.mutationSeq));
  }

  /** Order-feed snapshot for a selection, cached by its snapshot time so later pages read the same data. */
  feedSnapshot(key: string, snapshotSec: number, startSec: number, endSec: number, filters: FeedFilters): FeedSnapshot {
    const cacheKey = `${snapshotSec}|${key}`;
    let snap = this.feedSnapshots.get(cacheKey);
    if (!snap) {
      snap = materializeFeed(this.orders, snapshotSec, startSec, endSec, filters, (i, f) => this.feedMatches(i, f));
      this.feedSnapshots.set(cacheKey, snap);
      if (this.feedSnapshots.size > 16) this.feedSnapshots.delete(this.feedSnapshots.keys().next().value!);
    }
    return snap;
  }

  private feedMatches(i: number, f: FeedFilters): boolean {
    const p = this.orders.productOf(i);
    if (f.nmIds?.length && !f.nmIds.includes(p.nmId)) return false;
    if (f.brandNames?.length && !f.brandNames.includes(p.brand)) return false;
    if (f.subjectIds?.length && !f.subjectIds.includes(p.subject.id)) return false;
    if (f.tagIds?.length && !p.tagIds.some((t) => f.tagIds!.includes(t))) return false;
    return true;
  }
}
