/**
 * Token decoding and the keyring's pure parts. Contexts: decode and categories anywhere;
 * the keyring (keyring.ts) in the background only.
 */
export * from './categories';
export * from './decode';
