/** The dashboard's sections, in the order of its tabs: the registry. */
import type { Section } from '../section';
import { adsSection } from './ads';
import { bidderSection } from './bidder';
import { financeSection } from './finance';
import { geographySection } from './geography';
import { overviewSection } from './overview';
import { positionsSection } from './positions';
import { productsSection } from './products';
import { stocksSection } from './stocks';
import { tokensSection } from './tokens';

export const SECTIONS: readonly Section[] = [
  overviewSection,
  geographySection,
  productsSection,
  stocksSection,
  financeSection,
  adsSection,
  bidderSection,
  positionsSection,
  tokensSection,
];
