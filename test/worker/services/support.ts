import { request, type TestOrg } from "../harness.ts";

export const servicesPath = (tenantId: string, name?: string, action?: "scale" | "restart") =>
  `/v1/tenants/${tenantId}/services${name ? `/${name}` : ""}${action ? `/${action}` : ""}`;

export const serviceCall = (
  org: Pick<TestOrg, "headers">,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  json?: unknown,
) => request(path, { method, headers: org.headers, ...(json === undefined ? {} : { json }) });

export const imageService = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  source: { type: "image", image: `ghcr.io/acme/${name}:1.0.0` },
  port: 8080,
  ...overrides,
});
