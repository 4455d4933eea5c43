/**
 * The database as earlier versions shipped it, frozen here (not derived from lib/db/schema.ts, which moves on), so
 * the upgrade tests open real old databases.
 */
import Dexie from 'dexie';

const V1 = {
  orders: '[sellerId+srid]',
  sales: '[sellerId+saleID]',
  orderFeed: '[sellerId+srid]',
  stocks: '[sellerId+nmId+chrtId+warehouseId]',
  finance: '[sellerId+rrdId]',
  campaigns: '[sellerId+advertId]',
  bids: '[sellerId+advertId+nmId]',
  adStats: '[sellerId+advertId+date+nmId]',
  cards: '[sellerId+nmId]',
  syncState: '[sellerId+dataset]',
  dailyOrders: '[sellerId+day+nmId+region]',
};
const V2 = { bidderRules: '[sellerId+id]', bidderAudit: '[sellerId+at+seq]' };
const V3 = { periodRollups: '[sellerId+dim+grain+bucket]' };
const V4 = {
  positionPhrases: '[sellerId+nmId+clusterKey]',
  positionChecks: '[sellerId+clusterKey+nmId+at]',
  positionCompetitors: '[sellerId+clusterKey]',
  positionOfficial: '[sellerId+nmId+clusterKey]',
};

/** Version 2: before the period roll-ups. */
export class DbV2 extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(1).stores(V1);
    this.version(2).stores(V2);
  }
}

/** Version 4: the daily roll-up still kept, beside the period roll-ups and position monitoring. */
export class DbV4 extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(1).stores(V1);
    this.version(2).stores(V2);
    this.version(3).stores(V3);
    this.version(4).stores(V4);
  }
}
