import type { components, paths } from "../../../worker/contracts/openapi.d.ts";
import type { Page } from "./schemas.ts";
import { type Api, dataOf } from "./transport.ts";

type Schemas = components["schemas"];
export type Organization = Schemas["Organization"];
export type UpdateOrganizationInput = Schemas["UpdateOrganization"];
export type Member = Schemas["Member"];
export type MemberRole = Member["role"];
export type AddMemberInput = Schemas["AddMember"];
export type AuditEntry = Schemas["AuditEntry"];
export type UsageReport = Schemas["UsageReport"];
export type UsageDay = Schemas["UsageDay"];
export type AuditQuery = Omit<
  NonNullable<paths["/v1/audit"]["get"]["parameters"]["query"]>,
  "format"
>;
export type UsageQuery = { from?: string; to?: string; tenant?: string };

export const MEMBER_ROLES: MemberRole[] = ["viewer", "developer", "admin"];

type Signal = () => { signal: AbortSignal };

/** The organization, its members, its audit log and its usage. */
export const organizationApi = (api: Api, timed: Signal) => ({
  organization: {
    get: (): Promise<Organization> => dataOf(api.GET("/v1/organization", timed())),
    update: (input: UpdateOrganizationInput): Promise<Organization> =>
      dataOf(api.PATCH("/v1/organization", { body: input, ...timed() })),
  },
  members: {
    list: (query: { limit?: number; cursor?: string } = {}): Promise<Page<Member>> =>
      dataOf(api.GET("/v1/organization/members", { params: { query }, ...timed() })),
    add: (input: AddMemberInput): Promise<Member> =>
      dataOf(api.POST("/v1/organization/members", { body: input, ...timed() })),
    update: (subject: string, role: MemberRole): Promise<Member> =>
      dataOf(
        api.PATCH("/v1/organization/members/{subject}", {
          params: { path: { subject } },
          body: { role },
          ...timed(),
        }),
      ),
    remove: async (subject: string): Promise<void> => {
      await api.DELETE("/v1/organization/members/{subject}", {
        params: { path: { subject } },
        ...timed(),
      });
    },
  },
  audit: {
    list: async (query: AuditQuery = {}): Promise<Page<AuditEntry>> =>
      (await dataOf(api.GET("/v1/audit", { params: { query }, ...timed() }))) as Page<AuditEntry>,
  },
  usage: {
    get: ({ tenant, ...query }: UsageQuery = {}): Promise<UsageReport> =>
      tenant
        ? dataOf(
            api.GET("/v1/tenants/{id}/usage", {
              params: { path: { id: tenant }, query },
              ...timed(),
            }),
          ).then((report) => report as UsageReport)
        : dataOf(api.GET("/v1/usage", { params: { query }, ...timed() })).then(
            (report) => report as UsageReport,
          ),
    /** One line per day with a header line, as the API writes it. */
    csv: async ({ tenant, ...query }: UsageQuery = {}): Promise<string> => {
      const csvQuery = { ...query, format: "csv" as const };
      const { data } = tenant
        ? await api.GET("/v1/tenants/{id}/usage", {
            params: { path: { id: tenant }, query: csvQuery },
            parseAs: "text",
            ...timed(),
          })
        : await api.GET("/v1/usage", { params: { query: csvQuery }, parseAs: "text", ...timed() });
      return data ?? "";
    },
  },
});

export type OrganizationApi = ReturnType<typeof organizationApi>;
