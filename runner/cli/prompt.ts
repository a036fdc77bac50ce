import { createInterface } from "node:readline/promises";
import type { ReadStream } from "node:tty";
import { Interrupted } from "./args.ts";
import type { Io } from "./output.ts";

export const confirm = async (io: Io, question: string): Promise<boolean> => {
  const prompt = createInterface({ input: io.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
};

/** Reads a line from the terminal without echoing it, for secrets. */
export const askSecret = (io: Io, question: string): Promise<string> => {
  const tty = io.stdin as ReadStream;
  io.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (error?: Error) => {
      tty.setRawMode(false);
      tty.pause();
      tty.removeListener("data", onData);
      io.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(new Interrupted("cancelled"));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else if (char >= " ") value += char;
      }
    };
    tty.setRawMode(true);
    tty.resume();
    tty.on("data", onData);
  });
};

export const readAll = async (stream: AsyncIterable<Buffer | string>): Promise<string> => {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(chunk.toString());
  return chunks.join("");
};
