/**
 * What a dashboard section is. The list in sections/index.ts is the registry: a new section is one file and one
 * line there. Sections read IndexedDB through lib/db queries or ask the background by message.
 */
import type { ComponentChildren } from 'preact';
import type { MessageKey } from '@/lib/i18n';

/** The period the seller picked, as Moscow dates `YYYY-MM-DD` (inclusive). */
export interface Period {
  from: string;
  to: string;
}

export interface SectionProps {
  sellerId: string;
  period: Period;
}

export interface Section {
  /** In the URL hash: `#/overview`. */
  id: string;
  title: MessageKey;
  render: (props: SectionProps) => ComponentChildren;
}
