import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, randomBytes } from "node:crypto";
import type { ContainerBehaviour } from "../cluster/index.ts";
import { BACKUP_LABEL } from "../manifests/backup.ts";

const SALTED = Buffer.from("Salted__");
const ITERATIONS = 100_000;

/**
 * What `openssl enc -aes-256-cbc -pbkdf2 -iter 100000 -md sha256 -pass env:BACKUP_KEY` writes:
 * `Salted__`, an 8-byte salt, then AES-256-CBC with key and IV from PBKDF2-SHA-256. The
 * simulation produces and reads the same bytes, so a backup made here decrypts with openssl.
 */
export function opensslEncrypt(
  plaintext: Buffer,
  passphrase: string,
  salt = randomBytes(8),
): Buffer {
  const derived = pbkdf2Sync(passphrase, salt, ITERATIONS, 48, "sha256");
  const cipher = createCipheriv("aes-256-cbc", derived.subarray(0, 32), derived.subarray(32));
  return Buffer.concat([SALTED, salt, cipher.update(plaintext), cipher.final()]);
}

export function opensslDecrypt(encrypted: Buffer, passphrase: string): Buffer {
  if (!encrypted.subarray(0, 8).equals(SALTED)) throw new Error("bad magic number");
  const derived = pbkdf2Sync(passphrase, encrypted.subarray(8, 16), ITERATIONS, 48, "sha256");
  const decipher = createDecipheriv("aes-256-cbc", derived.subarray(0, 32), derived.subarray(32));
  return Buffer.concat([decipher.update(encrypted.subarray(16)), decipher.final()]);
}

/** The dump a simulated database yields: deterministic, so a restore can check what it got. */
export function simulatedDump(backupId: string): Buffer {
  return Buffer.from(
    `-- simulated dump (embedded cluster)\n-- ${createHash("sha256").update(backupId).digest("hex")}\n`,
  );
}

/**
 * The embedded cluster's stand-in for the backup Jobs' transfer step: a backup encrypts a
 * simulated dump and really uploads it to the signed URL; a restore really downloads and
 * decrypts, and fails as openssl would if the key or the bytes are wrong.
 */
export const simulatedBackupTransfer: ContainerBehaviour = (pod, _container, context) => {
  const { BACKUP_URL = "", BACKUP_KEY = "" } = context.env;
  const backupId = String(pod.metadata.labels?.[BACKUP_LABEL] ?? "");
  const restoring = context.initContainer;
  return {
    run: async () => {
      if (!restoring) {
        const body = opensslEncrypt(simulatedDump(backupId), BACKUP_KEY);
        const res = await fetch(BACKUP_URL, { method: "PUT", body });
        if (!res.ok)
          return { code: 22, logs: [`curl: (22) The requested URL returned error: ${res.status}`] };
        return {
          code: 0,
          logs: [`simulated backup (embedded cluster): ${body.length} encrypted bytes uploaded`],
        };
      }
      const res = await fetch(BACKUP_URL);
      if (!res.ok)
        return { code: 22, logs: [`curl: (22) The requested URL returned error: ${res.status}`] };
      let dump: Buffer;
      try {
        dump = opensslDecrypt(Buffer.from(await res.arrayBuffer()), BACKUP_KEY);
      } catch {
        return { code: 1, logs: ["bad decrypt"] };
      }
      const expected = simulatedDump(backupId);
      return dump.equals(expected)
        ? {
            code: 0,
            logs: [`simulated restore (embedded cluster): ${dump.length} bytes decrypted`],
          }
        : { code: 1, logs: ["the downloaded dump is not the one uploaded"] };
    },
  };
};
