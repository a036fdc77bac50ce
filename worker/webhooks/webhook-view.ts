import type { WebhookRow } from "./attempt-delivery.ts";

/** A webhook as the API shows it: the secrets and their key stay in D1. */
export const webhookView = ({
  organizationId: _organizationId,
  keyId: _keyId,
  wrappedKey: _wrappedKey,
  secretCiphertext: _secretCiphertext,
  previousSecretCiphertext: _previousSecretCiphertext,
  ...visible
}: WebhookRow) => visible;
