import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, badRequest } from "../api/errors.ts";
import type { FaultRule, Faults } from "../faults/faults.ts";
import type { ObjectStore } from "../store/store.ts";
import { type Scripts, scriptFromJson } from "../workloads/scripts.ts";
import { parseBody, readBody, sendJson } from "./body.ts";

/**
 * The emulator's own control API, outside the Kubernetes paths, for tests in another
 * process: `POST /_emulator/scripts` and `/_emulator/faults` add one (or an array),
 * `DELETE` clears them, `GET` lists them; `POST /_emulator/compact` forgets watch history.
 */
export function emulatorRoutes(deps: { scripts: Scripts; faults: Faults; store: ObjectStore }) {
  return async (path: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    const items = async () => {
      const body = parseBody(await readBody(req), "application/json");
      return Array.isArray(body) ? body : [body];
    };
    if (path === "/_emulator/scripts") {
      if (method === "GET") return sendJson(res, 200, { items: deps.scripts.list() });
      if (method === "DELETE") {
        deps.scripts.clear();
        return sendJson(res, 200, { items: [] });
      }
      if (method === "POST") {
        try {
          for (const item of await items()) deps.scripts.add(scriptFromJson(item));
        } catch (error) {
          if (error instanceof ApiError) throw error;
          throw badRequest((error as Error).message);
        }
        return sendJson(res, 201, { items: deps.scripts.list() });
      }
    }
    if (path === "/_emulator/faults") {
      if (method === "GET") return sendJson(res, 200, { items: deps.faults.list() });
      if (method === "DELETE") {
        deps.faults.clear();
        return sendJson(res, 200, { items: [] });
      }
      if (method === "POST") {
        for (const item of await items()) deps.faults.add(item as FaultRule);
        return sendJson(res, 201, { items: deps.faults.list() });
      }
    }
    if (path === "/_emulator/compact" && method === "POST") {
      deps.store.compact();
      return sendJson(res, 200, { resourceVersion: String(deps.store.resourceVersion) });
    }
    throw new ApiError(404, "NotFound", `no emulator route ${method} ${path}`);
  };
}
