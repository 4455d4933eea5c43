/** The dashboard's sections, in the order of its tabs: the registry. */
import type { Section } from '../section';
import { tokensSection } from './tokens';

export const SECTIONS: readonly Section[] = [tokensSection];
