import type { ResourceType } from "../api/catalog.ts";
import type { KubeObject } from "../api/types.ts";
import type { UserInfo } from "../api/user.ts";
import type { ObjectStore } from "../store/store.ts";

export interface AdmissionRequest {
  operation: "CREATE" | "UPDATE";
  type: ResourceType;
  object: KubeObject;
  oldObject: KubeObject | undefined;
  subresource: string | undefined;
  user: UserInfo;
  store: ObjectStore;
  /** Sent back as `Warning` headers, as Pod Security does for workload templates. */
  warnings: string[];
}

/** An admission plugin: mutators run first (in order), then validators; throwing rejects. */
export interface AdmissionPlugin {
  name: string;
  mutate?(request: AdmissionRequest): void;
  validate?(request: AdmissionRequest): void | Promise<void>;
}
