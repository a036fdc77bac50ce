import { createRoute } from "@hono/zod-openapi";
import {
  ApiKeySignInBody,
  CurrentSessionSchema,
  OidcCallbackQuery,
  SessionSchema,
  SignInOptionsSchema,
} from "../../contracts/api/session.ts";
import { commonProblems, problemSpec } from "../../errors/schemas.ts";
import { jsonBody, jsonContent } from "../../lib/openapi.ts";

const cookieNote =
  "The session is an HttpOnly, SameSite=Strict cookie carrying the credential; requests that " +
  "change something with it must come from the dashboard's own origin.";

export const options = createRoute({
  method: "get",
  path: "/v1/session/options",
  tags: ["session"],
  operationId: "getSignInOptions",
  security: [],
  summary: "How the dashboard can sign in here",
  responses: { 200: jsonContent(SignInOptionsSchema, "The available sign-in methods") },
});
export type OptionsRoute = typeof options;

export const current = createRoute({
  method: "get",
  path: "/v1/session",
  tags: ["session"],
  operationId: "getSession",
  security: [],
  summary: "Whether the session (or credential) is signed in, and as whom",
  description:
    "Answers 200 either way, so a page that is not signed in learns it without an error.",
  responses: { 200: jsonContent(CurrentSessionSchema, "The signed-in principal, or none") },
});
export type CurrentRoute = typeof current;

export const signIn = createRoute({
  method: "post",
  path: "/v1/session",
  tags: ["session"],
  operationId: "signIn",
  security: [],
  summary: "Sign the dashboard in with an API key",
  description: cookieNote,
  request: { body: jsonBody(ApiKeySignInBody) },
  responses: { 200: jsonContent(SessionSchema, "Signed in"), ...commonProblems },
});
export type SignInRoute = typeof signIn;

export const localSignIn = createRoute({
  method: "post",
  path: "/v1/session/local",
  tags: ["session"],
  operationId: "signInLocally",
  security: [],
  summary: "Sign in to the development organization (local stack only)",
  description: `Only when ENCLAVE_MODE is "local"; elsewhere 404. ${cookieNote}`,
  responses: { 200: jsonContent(SessionSchema, "Signed in"), ...commonProblems },
});
export type LocalSignInRoute = typeof localSignIn;

export const signOut = createRoute({
  method: "delete",
  path: "/v1/session",
  tags: ["session"],
  operationId: "signOut",
  security: [],
  summary: "Sign the dashboard out",
  responses: { 204: { description: "Signed out" }, ...commonProblems },
});
export type SignOutRoute = typeof signOut;

export const oidcStart = createRoute({
  method: "get",
  path: "/v1/session/oidc/start",
  tags: ["session"],
  operationId: "startOidcSignIn",
  security: [],
  summary: "Start sign-in at the identity provider (authorization code with PKCE)",
  responses: {
    302: { description: "To the identity provider" },
    404: problemSpec("Sign-in through an identity provider is not configured"),
  },
});
export type OidcStartRoute = typeof oidcStart;

export const oidcCallback = createRoute({
  method: "get",
  path: "/v1/session/oidc/callback",
  tags: ["session"],
  operationId: "finishOidcSignIn",
  security: [],
  summary: "Where the identity provider returns: the code becomes the session",
  request: { query: OidcCallbackQuery },
  responses: {
    302: { description: "To the dashboard, signed in, or to its sign-in page with an error" },
    404: problemSpec("Sign-in through an identity provider is not configured"),
  },
});
export type OidcCallbackRoute = typeof oidcCallback;
