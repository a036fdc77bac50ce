import { describe, expect, it } from "vitest";
import { type CommandOutput, runDetectCommand } from "../../runner/cli/detect.ts";
import { FIXTURES } from "../fixtures/corpus/index.ts";
import { bareRepository, materialize } from "../fixtures/materialize.ts";

const files = (name: string) => FIXTURES.find((fixture) => fixture.name === name)?.files ?? {};

function capture(): CommandOutput & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

describe("enclave detect", () => {
  it("prints the detection of a local checkout with evidence", async () => {
    const dir = await materialize(files("django"));
    const io = capture();
    expect(await runDetectCommand([dir], io)).toBe(0);
    expect(io.stdout).toContain(
      "Frameworks:      Django  (definite, requirements.txt: dependency django)",
    );
    expect(io.stdout).toContain("generated from template python-django");
  });

  it("prints JSON for a git URL at a ref", async () => {
    const { bare } = await bareRepository([files("go-gin"), files("rust-axum")]);
    const io = capture();
    expect(await runDetectCommand([`file://${bare}`, "--ref", "v1", "--json"], io)).toBe(0);
    const result = JSON.parse(io.stdout);
    expect(result.frameworks[0].value).toBe("Gin");
  });

  it("lists workspace apps when the root is not an app", async () => {
    const dir = await materialize(files("monorepo-root"));
    const io = capture();
    expect(await runDetectCommand([dir], io)).toBe(1);
    expect(io.stderr).toContain("--path apps/web  (@acme/web)");
    const app = capture();
    expect(await runDetectCommand([dir, "--path", "apps/web"], app)).toBe(0);
    expect(app.stdout).toContain("Next.js");
  });

  it("rejects bad usage", async () => {
    const io = capture();
    expect(await runDetectCommand([], io)).toBe(2);
    expect(await runDetectCommand(["--bogus", "."], io)).toBe(2);
    expect(io.stderr).toContain("Usage: enclave detect");
  });
});
