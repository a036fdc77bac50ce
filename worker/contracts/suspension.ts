import { z } from "zod";

/**
 * A suspension deployment: `suspend` scales every workload of the tenant to zero (volumes and
 * data stay) and routes its hosts to the platform's "suspended" page; `resume` puts back the
 * replica counts recorded when it was suspended and routes the hosts to the tenant again.
 */
export const SpecSuspension = z.enum(["suspend", "resume"]);
export type SpecSuspension = z.infer<typeof SpecSuspension>;

/** What a suspended tenant's hosts show unless the operator configures `suspension.page`. */
export const DEFAULT_SUSPENDED_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Service suspended</title></head>
<body>
<h1>This service is suspended</h1>
<p>It is temporarily unavailable. Please contact its provider.</p>
</body>
</html>
`;
