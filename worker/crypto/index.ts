export { fromBase64Url, toBase64Url } from "./base64.ts";
export {
  DecryptionError,
  newDataKey,
  parseWrapped,
  randomIv,
  serializeWrapped,
  unwrapDataKey,
  type WrappedKey,
  wrapDataKey,
} from "./kek.ts";
export { KeyringConfigError, type KeyringEnv, loadKeyring } from "./keyring.ts";
