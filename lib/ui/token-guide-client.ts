/**
 * The popup's way into the token guide: re-shows a dismissed guide and opens WB's token page, where the cabinet
 * content script starts it. Contexts: extension pages.
 */
import browser from 'webextension-polyfill';
import { TOKEN_PAGE_URL } from '../cabinet/routes';
import { sendMessage } from '../messaging';

/** «Создать токен в кабинете». */
export async function openTokenGuide(): Promise<void> {
  // The guide shows unless the seller dismissed it: the popup's button always brings it back.
  await sendMessage('tokenGuide.setDismissed', { dismissed: false }).catch(() => undefined);
  await browser.tabs.create({ url: TOKEN_PAGE_URL });
}
