import { z } from "@hono/zod-openapi";
import { CredentialHost } from "../credentials.ts";
import { TenantParams } from "./tenants.ts";

export const CredentialName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lowercase letters, digits and '-'")
  .openapi({ example: "github-deploy" });

const Secret = z.string().min(1).max(4096);

const GitCredentialBody = z
  .object({
    kind: z.literal("git"),
    name: CredentialName,
    host: CredentialHost.optional().openapi({
      description: "Only clones from this host use the token; omitted: every git host",
      example: "github.com",
    }),
    token: Secret.openapi({ description: "An access token that can read the repositories" }),
  })
  .openapi("GitCredentialCreate");

const RegistryCredentialBody = z
  .object({
    kind: z.literal("registry"),
    name: CredentialName,
    server: CredentialHost.openapi({
      description: "The registry's host, as it appears in image references",
      example: "ghcr.io",
    }),
    username: z.string().min(1).max(256),
    password: Secret,
  })
  .openapi("RegistryCredentialCreate");

export const CreateCredentialBody = z
  .discriminatedUnion("kind", [GitCredentialBody, RegistryCredentialBody])
  .openapi("CredentialCreate", {
    description:
      "A git token (private git and GitHub sources) or an image registry login (pulls of `image` services and of build base images). The secret is never returned.",
  });
export type CreateCredentialBody = z.infer<typeof CreateCredentialBody>;

export const CredentialSchema = z
  .object({
    id: z.string().openapi({ example: "crd_0123456789abcdefghjk" }),
    name: z.string(),
    kind: z.enum(["git", "registry"]),
    host: z.string().nullable().openapi({
      description: "The git host the token is limited to (null: any), or the registry server",
    }),
    createdAt: z.string(),
  })
  .openapi("Credential");

export const CredentialListSchema = z
  .object({ credentials: z.array(CredentialSchema) })
  .openapi("CredentialList");

export const CredentialChangeSchema = z
  .object({
    credential: CredentialSchema,
    appliesOn: z.literal("next_deployment").openapi({
      description:
        "The cluster sees the change with the tenant's next deployment (a redeploy, an env change, ...)",
    }),
  })
  .openapi("CredentialChange");

export const CredentialParams = TenantParams.extend({
  credentialId: z.string().max(64).openapi({ example: "crd_0123456789abcdefghjk" }),
});
