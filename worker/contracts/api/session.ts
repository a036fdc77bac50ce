import { z } from "@hono/zod-openapi";
import { API_KEY_SCOPES } from "../../db/schema.ts";

export const SessionSchema = z
  .object({
    organizationId: z.string(),
    actor: z.string().openapi({ example: "user:usr_0123456789abcdefghjk" }),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
  })
  .openapi("Session");
export type Session = z.infer<typeof SessionSchema>;

export const CurrentSessionSchema = z
  .discriminatedUnion("signedIn", [
    z.object({ signedIn: z.literal(false) }),
    SessionSchema.extend({ signedIn: z.literal(true) }),
  ])
  .openapi("CurrentSession");
export type CurrentSession = z.infer<typeof CurrentSessionSchema>;

export const SignInOptionsSchema = z
  .object({
    local: z.boolean().openapi({ description: "The development organization signs in at once" }),
    oidc: z.boolean().openapi({ description: "Sign-in through the identity provider" }),
  })
  .openapi("SignInOptions");

export const ApiKeySignInBody = z
  .strictObject({ apiKey: z.string().min(1).max(200) })
  .openapi("ApiKeySignIn");

export const OidcCallbackQuery = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(256).optional(),
});
