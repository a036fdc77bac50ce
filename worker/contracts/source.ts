import { z } from "zod";

/**
 * Git ref: a branch, tag or commit; no leading dash so it can never become a git option.
 * Omitted (or `HEAD`) it is the remote's default branch, whatever its name.
 */
export const GitRef = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._/-]+$/, "must be a branch, tag or commit")
  .refine((ref) => !ref.startsWith("-") && !ref.includes(".."), "must be a branch, tag or commit");

/** Path inside the repository (monorepos); relative, never escaping the repository root. */
export const RepoPath = z
  .string()
  .max(255)
  .refine(
    (p) => !p.startsWith("/") && !p.split("/").includes(".."),
    "must be a relative path inside the repository",
  )
  .default(".");

/**
 * A git URL as one well-formed argument: no whitespace or control characters that could split
 * it or hide part of it in logs, and no part that reads like a command-line option.
 */
export const GitUrl = z
  .string()
  .min(1)
  .max(2048)
  .refine((url) => !/[\s\p{Cc}]/u.test(url), "must not contain spaces or control characters")
  .refine(
    (url) => !url.split(/[/:=@]/).some((part) => part.startsWith("-")),
    "must not contain a part that starts with '-'",
  );

export const GitSource = z.object({
  type: z.literal("git"),
  url: GitUrl,
  ref: GitRef.optional(),
  path: RepoPath,
});

export const GithubSource = z.object({
  type: z.literal("github"),
  repo: z.string().regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "must be owner/repository"),
  ref: GitRef.optional(),
  path: RepoPath,
});

export const ImageSource = z.object({
  type: z.literal("image"),
  image: z
    .string()
    .min(1)
    .max(512)
    .regex(
      /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
      "must be an image reference such as ghcr.io/acme/app:1.2.3",
    ),
});

export const ServiceSource = z.discriminatedUnion("type", [GitSource, GithubSource, ImageSource]);
export type ServiceSource = z.infer<typeof ServiceSource>;
