/**
 * A minimal ad auction for bidder tests: an item's search position is 1 + the number of competitors that bid more
 * than it does. Only items a test has given competitors take part; every other item keeps its generated positions.
 * The position shows as today's `boosterStats[].avg_position` in `GET /adv/v3/fullstats` (earlier days keep theirs),
 * and follows the item's current search bid (the one bid of a unified campaign), so a PATCH moves it at once.
 */

/** Competitors per (seller, campaign, item). */
export class Auction {
  private readonly competitors = new Map<string, readonly number[]>();

  constructor(private readonly defaultSeller: () => string) {}

  private key(seller: string | undefined, advertId: number, nmId: number): string {
    return `${seller ?? this.defaultSeller()}|${advertId}|${nmId}`;
  }

  /** Sets the competitors' bids (kopecks) for an item of a campaign; an empty list takes the item out of the auction. */
  setCompetitors(advertId: number, nmId: number, bidsKopecks: readonly number[], opts: { seller?: string } = {}): void {
    const key = this.key(opts.seller, advertId, nmId);
    if (bidsKopecks.length === 0) this.competitors.delete(key);
    else this.competitors.set(key, [...bidsKopecks]);
  }

  /** The competitors' bids of an item, or undefined when it is not in the auction. */
  competitorsOf(advertId: number, nmId: number, opts: { seller?: string } = {}): readonly number[] | undefined {
    return this.competitors.get(this.key(opts.seller, advertId, nmId));
  }

  /** The item's position for a bid: 1 + competitors bidding more (a tie goes to us); null outside the auction. */
  position(seller: string, advertId: number, nmId: number, bidKopecks: number): number | null {
    const bids = this.competitors.get(this.key(seller, advertId, nmId));
    if (!bids) return null;
    return 1 + bids.filter((b) => b > bidKopecks).length;
  }

  clear(): void {
    this.competitors.clear();
  }
}
