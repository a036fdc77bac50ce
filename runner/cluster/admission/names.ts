import type { StatusCause } from "../api/errors.ts";
import { invalid } from "../api/errors.ts";
import type { AdmissionPlugin } from "./types.ts";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** Which name rule each kind follows in kube-apiserver's validation. */
function ruleFor(kind: string): { pattern: RegExp; message: string; max: number } {
  if (kind === "Namespace") return { pattern: DNS1123_LABEL, message: LABEL_MESSAGE, max: 63 };
  if (kind === "Service") return { pattern: DNS1035_LABEL, message: DNS1035_MESSAGE, max: 63 };
  if (kind.startsWith("Role") || kind.startsWith("ClusterRole"))
    return { pattern: /^[^/%]+$/, message: "may not contain '/' or '%'", max: 253 };
  return { pattern: DNS1123_SUBDOMAIN, message: SUBDOMAIN_MESSAGE, max: 253 };
}

export const objectNames: AdmissionPlugin = {
  name: "ObjectNames",
  validate({ operation, type, object }) {
    if (operation !== "CREATE") return;
    const name = object.metadata.name ?? "";
    const rule = ruleFor(type.kind);
    const causes: StatusCause[] = [];
    if (!rule.pattern.test(name)) {
      causes.push({ field: "metadata.name", message: `Invalid value: "${name}": ${rule.message}` });
    } else if (name.length > rule.max) {
      causes.push({
        field: "metadata.name",
        message: `Invalid value: "${name}": must be no more than ${rule.max} characters`,
      });
    }
    for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
      if (
        typeof value !== "string" ||
        value.length > 63 ||
        !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)
      ) {
        causes.push({
          field: `metadata.labels`,
          message: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
        });
      }
      if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key)) {
        causes.push({
          field: "metadata.labels",
          message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.'`,
        });
      }
    }
    if (causes.length) throw invalid(type, name, causes);
  },
};
