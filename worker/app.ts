import { onError, onNotFound } from "./errors/problem.ts";
import { createRouter } from "./lib/router.ts";
import { bodyGuard } from "./middleware/body-guard.ts";
import { init } from "./middleware/init.ts";
import admin from "./routes/admin/admin.index.ts";
import apiKeys from "./routes/api-keys/api-keys.index.ts";
import audit from "./routes/audit/audit.index.ts";
import credentials from "./routes/credentials/credentials.index.ts";
import database from "./routes/database/database.index.ts";
import deployments from "./routes/deployments/deployments.index.ts";
import docs, { registerOpenApi } from "./routes/docs/docs.index.ts";
import encryption from "./routes/encryption/encryption.index.ts";
import envRoutes from "./routes/env/env.index.ts";
import health from "./routes/health/health.index.ts";
import internal from "./routes/internal/internal.index.ts";
import logs from "./routes/logs/logs.index.ts";
import plans from "./routes/plans/plans.index.ts";
import platformConfig from "./routes/platform-config/platform-config.index.ts";
import services from "./routes/services/services.index.ts";
import session from "./routes/session/session.index.ts";
import streams from "./routes/streams/streams.index.ts";
import templates from "./routes/templates/templates.index.ts";
import tenants from "./routes/tenants/tenants.index.ts";
import webhooks from "./routes/webhooks/webhooks.index.ts";

export const app = createRouter();

app.use("*", init);
app.use("*", bodyGuard);
app.onError(onError);
app.notFound(onNotFound);

// Every route group is registered here, one line each.
app.route("/", health);
app.route("/", tenants);
app.route("/", services);
app.route("/", envRoutes);
app.route("/", credentials);
app.route("/", database);
app.route("/", deployments);
app.route("/", logs);
app.route("/", apiKeys);
app.route("/", audit);
app.route("/", webhooks);
app.route("/", admin);
app.route("/", platformConfig);
app.route("/", plans);
app.route("/", templates);
app.route("/", encryption);
app.route("/", docs);
app.route("/", internal);
app.route("/", streams);
app.route("/", session);

registerOpenApi(app);
