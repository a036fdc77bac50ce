import { env } from "cloudflare:workers";
import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import {
  EDGE_ISSUER,
  JOB_TOKEN_AUDIENCE,
  type JobMessage,
  RUNNER_TOKEN_AUDIENCE,
} from "../../../worker/contracts/index.ts";
import { signJobToken } from "../../../worker/tokens/job-token.ts";
import { RunnerTokenError, verifyRunnerToken } from "../../../worker/tokens/runner-token.ts";
import { hashTicket, newTicket } from "../../../worker/tokens/ws-ticket.ts";
import { signRunnerToken } from "../support/runner-token.ts";

const job: JobMessage = {
  type: "provision",
  deploymentId: "dep_aaaaaaaaaaaaaaaaaaaa",
  tenantId: "ten_aaaaaaaaaaaaaaaaaaaa",
  attempt: 2,
};
const secretBytes = (secret: string) => new TextEncoder().encode(secret);

describe("job tokens", () => {
  it("are HS256, for the runner, bound to the deployment and attempt, and expire within a minute", async () => {
    const token = await signJobToken(env.JOB_TOKEN_SECRET, job);
    const { payload, protectedHeader } = await jwtVerify(token, secretBytes(env.JOB_TOKEN_SECRET), {
      issuer: EDGE_ISSUER,
      audience: JOB_TOKEN_AUDIENCE,
      algorithms: ["HS256"],
    });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload.sub).toBe(job.deploymentId);
    expect(payload.attempt).toBe(2);
    expect((payload.exp as number) - (payload.iat as number)).toBeLessThan(60);
  });
});

describe("runner tokens", () => {
  const verify = (token: string) => verifyRunnerToken(env.RUNNER_TOKEN_SECRET, token);

  it("accepts a fresh token from the runner, scoped to one deployment and attempt", async () => {
    const token = await signRunnerToken({ deployment: job.deploymentId, attempt: 2 });
    expect(await verify(token)).toEqual({
      runnerId: "runner-test",
      deploymentId: job.deploymentId,
      attempt: 2,
    });
  });

  it.each([
    ["another audience", { audience: JOB_TOKEN_AUDIENCE }],
    ["another issuer", { issuer: EDGE_ISSUER }],
    ["another secret", { secret: "x".repeat(40) }],
    ["an expired token", { issuedAt: -120, expiresIn: 60 }],
    ["a token older than the maximum age", { issuedAt: -3600, expiresIn: 7200 }],
    ["a token naming no deployment", { deployment: null }],
    ["a token naming no attempt", { attempt: null }],
    ["a token naming attempt 0", { attempt: 0 }],
  ])("refuses %s", async (_, options) => {
    await expect(verify(await signRunnerToken(options))).rejects.toBeInstanceOf(RunnerTokenError);
  });

  it("refuses the edge's own job token (audience confusion)", async () => {
    const sameSecretJobToken = await signJobToken(env.RUNNER_TOKEN_SECRET, job);
    await expect(verify(sameSecretJobToken)).rejects.toBeInstanceOf(RunnerTokenError);
  });

  it("refuses unsigned and garbage tokens", async () => {
    const header = btoa(JSON.stringify({ alg: "none" })).replace(/=+$/, "");
    const body = btoa(JSON.stringify({ aud: RUNNER_TOKEN_AUDIENCE })).replace(/=+$/, "");
    await expect(verify(`${header}.${body}.`)).rejects.toBeInstanceOf(RunnerTokenError);
    await expect(verify("enc_test_abc_def")).rejects.toBeInstanceOf(RunnerTokenError);
  });
});

describe("WebSocket tickets", () => {
  it("are random and stored only as a hash", async () => {
    const a = await newTicket();
    const b = await newTicket();
    expect(a.ticket).not.toBe(b.ticket);
    expect(a.hash).toBe(await hashTicket(a.ticket));
    expect(a.hash).not.toContain(a.ticket.slice(4));
  });
});
