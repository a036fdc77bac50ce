import { z } from "zod";

/** A git host name (optionally with a port) a token is limited to. */
export const CredentialHost = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/,
    "must be a host name, such as github.com",
  );

/** A private-source credential in plaintext: what the runner receives in the spec, nowhere else. */
export const SpecCredential = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("git"),
    name: z.string(),
    /** Only for clones from this host; null: every git host. */
    host: CredentialHost.nullable(),
    token: z.string().min(1),
  }),
  z.object({
    kind: z.literal("registry"),
    name: z.string(),
    server: CredentialHost,
    username: z.string().min(1),
    password: z.string().min(1),
  }),
]);
export type SpecCredential = z.infer<typeof SpecCredential>;
