import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writePrivateJson } from "./private-file.ts";

/** How to reach the stack `npm start` runs: its API and the development organization's key. */
const LocalStack = z.object({ apiUrl: z.string(), apiKey: z.string() });
export type LocalStack = z.infer<typeof LocalStack>;

const FILE_NAME = "stack.json";

/** `.enclave/stack.json`, or in ENCLAVE_STATE_DIR when the stack keeps its state elsewhere. */
export const localStackPath = (env: NodeJS.ProcessEnv): string =>
  join(env.ENCLAVE_STATE_DIR || join(import.meta.dirname, "../../.enclave"), FILE_NAME);

/** Written by `npm start` into its state folder once the stack answers, whatever its ports. */
export const writeLocalStack = (stateDir: string, stack: LocalStack): Promise<void> =>
  writePrivateJson(join(stateDir, FILE_NAME), stack);

/** The local stack's file, if `npm start` ever ran here; a stack that stopped still has one. */
export const readLocalStack = async (env: NodeJS.ProcessEnv): Promise<LocalStack | undefined> => {
  const path = localStackPath(env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = LocalStack.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a valid local stack file`);
  return parsed.data;
};
