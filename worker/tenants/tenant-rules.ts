import type { CreateTenantBody } from "../contracts/api/tenants.ts";
import type { PlatformConfig, ServiceSource } from "../contracts/index.ts";
import type { Env } from "../env.ts";
import { ApiError, type FieldError } from "../errors/api-error.ts";
import { gitUrlProblem } from "./git-url.ts";

/** Plans and database versions come from platform configuration, so they are checked here. */
export function planErrors(config: PlatformConfig, plan: string): FieldError[] {
  return config.plans[plan]
    ? []
    : [{ path: "plan", message: `must be one of: ${Object.keys(config.plans).join(", ")}` }];
}

/** A git URL the runner may not clone, reported at `path`; other sources have no such rule. */
export function sourceErrors(
  source: ServiceSource,
  mode: Env["ENCLAVE_MODE"],
  path: string,
): FieldError[] {
  if (source.type !== "git") return [];
  const problem = gitUrlProblem(source.url, mode);
  return problem ? [{ path: `${path}.url`, message: problem }] : [];
}

export function assertNoErrors(errors: FieldError[]): void {
  if (errors.length > 0) throw new ApiError("validation_failed", "The request is invalid", errors);
}

export function assertValidCreate(
  config: PlatformConfig,
  mode: Env["ENCLAVE_MODE"],
  body: CreateTenantBody,
  plan: string,
): void {
  const errors = planErrors(config, plan);
  if (body.database) {
    const versions = Object.keys(config.databases[body.database.engine]);
    if (!versions.includes(body.database.version)) {
      errors.push({ path: "database.version", message: `must be one of: ${versions.join(", ")}` });
    }
  }
  body.domains.forEach((domain, index) => {
    const base = config.baseDomain.toLowerCase();
    if (domain === base || domain.endsWith(`.${base}`)) {
      errors.push({
        path: `domains.${index}`,
        message: `must not be under the platform domain ${base}; every tenant already gets <slug>.${base}`,
      });
    }
  });
  body.services.forEach((service, index) => {
    errors.push(...sourceErrors(service.source, mode, `services.${index}.source`));
  });
  assertNoErrors(errors);
}
