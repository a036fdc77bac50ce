/** `npm run bench`: every benchmark, printing numbers against their targets. */
import { benchBuildReuse } from "./builds.ts";
import { benchClusterStartup } from "./cluster-startup.ts";
import { benchDetect } from "./detect.ts";
import { benchEdge } from "./edge.ts";
import { benchRunner } from "./runner.ts";
import { benchStack } from "./stack.ts";

await benchRunner();
await benchBuildReuse();
await benchDetect();
await benchClusterStartup();
await benchEdge();
await benchStack();
