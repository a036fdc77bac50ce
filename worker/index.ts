import { DurableObject } from "cloudflare:workers";

export class DeploymentProgress extends DurableObject {}

export default {
  async fetch() {
    return Response.json({ status: "ok" });
  },
} satisfies ExportedHandler;
