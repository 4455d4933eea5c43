/**
 * The background's side of the token guide: whether the guide was dismissed, and saving a token the seller
 * captured on the token page into the keyring (through the keyring's own 'keyring.add' handler), with its check
 * against the goals picked in the guide. Contexts: background only.
 */
import { storage } from 'wxt/utils/storage';
import { checkTokenForGoals } from '../cabinet/token-setup';
import type { Handlers } from '../messaging';
import { langItem } from './keyring-service';

export const tokenGuideItem = storage.defineItem<{ dismissed: boolean }>('local:tokenGuide', {
  fallback: { dismissed: false },
  version: 1,
});

export interface TokenGuideDeps {
  /** The keyring's 'keyring.add' handler: decodes, stores, refreshes the badge and learns the seller's name. */
  addToken: NonNullable<Handlers['keyring.add']>;
}

export function tokenGuideHandlers({ addToken }: TokenGuideDeps): Handlers {
  return {
    'tokenGuide.get': async () => ({
      dismissed: (await tokenGuideItem.getValue()).dismissed,
      lang: await langItem.getValue(),
    }),
    'tokenGuide.setDismissed': async ({ dismissed }) => {
      await tokenGuideItem.setValue({ dismissed });
      return { ok: true };
    },
    'capture.saveToken': async ({ raw, goals, label }, sender) => {
      const result = await addToken({ raw, label }, sender);
      if (!result.ok) return result;
      return { ...result, check: checkTokenForGoals(result.token, goals) };
    },
  };
}
