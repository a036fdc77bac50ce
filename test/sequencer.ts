import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Projects whose files start whole stacks and take turns (test/setup/whole-stack-turn.ts). */
const WHOLE_STACK_PROJECTS = new Set(["e2e", "reliability"]);
/** Whole-stack files queued at the start: one runs, the next waits for its turn. */
const AT_START = 2;
/**
 * The rest are spread over this share of the other files: early enough that one is always
 * waiting when the running one ends, so the chain has no gaps and never ends last.
 */
const SPREAD_OVER = 0.6;
/** Other files that run for minutes on a busy machine (thousands of requests each). */
const LONG_RUNNING = ["/test/worker/fuzz/", "/test/worker/security/"];

const isWholeStack = (spec: TestSpecification) => WHOLE_STACK_PROJECTS.has(spec.project.name);
const isLong = (spec: TestSpecification) =>
  LONG_RUNNING.some((folder) => spec.moduleId.includes(folder));

/**
 * Vitest's order, with the whole-stack files spread through it. They run one at a time, so
 * together they are the longest chain; queued all at the start they would hold every worker
 * waiting for their turn, and queued at the end they would run alone. Two go first and the
 * others come up at even intervals, so about one runs and one waits while the other workers
 * take the remaining files, the longest of those first, so that none of them ends the run.
 */
export default class WholeStackSpread extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const wholeStack = sorted.filter(isWholeStack);
    const others = [
      ...sorted.filter((spec) => !isWholeStack(spec) && isLong(spec)),
      ...sorted.filter((spec) => !isWholeStack(spec) && !isLong(spec)),
    ];
    const later = wholeStack.slice(AT_START);
    const interval = (others.length * SPREAD_OVER) / (later.length + 1);
    const order = wholeStack.slice(0, AT_START);
    let next = 0;
    others.forEach((spec, index) => {
      order.push(spec);
      while (next < later.length && index + 1 >= Math.round((next + 1) * interval)) {
        order.push(later[next++] as TestSpecification);
      }
    });
    return [...order, ...later.slice(next)];
  }
}
