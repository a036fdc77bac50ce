import { mustFindByKind } from "../api/catalog.ts";
import { asObject, field, type JsonValue } from "../api/types.ts";
import type { AdmissionPlugin } from "./types.ts";

const services = mustFindByKind("v1", "Service");

/** ClusterIP allocation, done at creation as kube-apiserver does (k3s' default range 10.43.0.0/16). */
export const serviceIPs: AdmissionPlugin = {
  name: "ServiceIPAllocation",
  mutate({ operation, type, object, oldObject, store }) {
    if (type !== services) return;
    const spec = asObject(object.spec);
    object.spec = spec;
    if (operation === "UPDATE") {
      spec.clusterIP ??= (field(oldObject, "spec", "clusterIP") as JsonValue | undefined) ?? null;
      spec.clusterIPs ??= (field(oldObject, "spec", "clusterIPs") as JsonValue | undefined) ?? null;
      return;
    }
    if (spec.type === "ExternalName") return;
    if (spec.clusterIP === "None") {
      spec.clusterIPs = ["None"];
      return;
    }
    if (typeof spec.clusterIP === "string" && spec.clusterIP) return;
    const used = new Set(store.list(services).map((s) => field(s, "spec", "clusterIP")));
    for (let n = 10; n < 65_000; n += 1) {
      const ip = `10.43.${Math.floor(n / 254)}.${(n % 254) + 1}`;
      if (!used.has(ip)) {
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
        return;
      }
    }
  },
};
