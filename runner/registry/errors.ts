/** A failed call to the image registry's API; `code` is the registry's error code when it sent one. */
export class RegistryError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  constructor(message: string, options: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "RegistryError";
    this.status = options.status;
    this.code = options.code;
  }
}

/** The first entry of the Distribution API's error body (`{"errors":[{"code","message"}]}`). */
export function registryErrorOf(body: string): { code: string; message: string } | undefined {
  try {
    const first = (JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] })
      .errors?.[0];
    if (typeof first?.code !== "string") return undefined;
    return { code: first.code, message: typeof first.message === "string" ? first.message : "" };
  } catch {
    return undefined;
  }
}
