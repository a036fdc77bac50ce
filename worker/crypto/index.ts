export {
  ciphertextKeyId,
  DecryptionError,
  decryptJson,
  ENVELOPE_VERSION,
  encryptJson,
  rewrapCiphertext,
} from "./envelope.ts";
export { KeyringConfigError } from "./keyring.ts";
