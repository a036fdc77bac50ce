import { endQuietlyOnClosedPipe } from "./closed-pipe.ts";
import { run } from "./run.ts";

endQuietlyOnClosedPipe([process.stdout, process.stderr]);

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
