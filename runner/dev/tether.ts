/**
 * Preloaded (`node --import`) into each process the local stack starts. The stack holds the
 * only other end of the child's stdin, so when the stack ends, however it ends (SIGKILL
 * included), the pipe closes and the child ends its whole process group (wrangler's workerd,
 * the runner's git): nothing outlives the stack to hold its ports or its state.
 */
const GRACE_MS = 3_000;

function signalGroup(signal: NodeJS.Signals): void {
  try {
    // The stack starts each child as the leader of its own process group.
    process.kill(-process.pid, signal);
  } catch {
    process.kill(process.pid, signal);
  }
}

function endWithParent(): void {
  signalGroup("SIGTERM");
  setTimeout(() => signalGroup("SIGKILL"), GRACE_MS);
}

if (process.env.ENCLAVE_TETHERED === "1") {
  // Only the group leader watches; what it starts is ended with its group.
  delete process.env.ENCLAVE_TETHERED;
  process.stdin.on("data", () => {});
  process.stdin.once("end", endWithParent);
  process.stdin.once("error", endWithParent);
  process.stdin.unref();
}
