export {
  ciphertextKeyId,
  DecryptionError,
  decryptJson,
  encryptJson,
  rewrapCiphertext,
} from "./envelope.ts";
export { KeyringConfigError } from "./keyring.ts";
