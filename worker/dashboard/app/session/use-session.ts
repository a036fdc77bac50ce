import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import type { CurrentSession, SignInOptions } from "../api/types.ts";

export const sessionKey = ["session"] as const;

/** Who is signed in, if anyone. */
export const useSession = () =>
  useQuery({
    queryKey: sessionKey,
    queryFn: () => api.get<CurrentSession>("/v1/session"),
    staleTime: 60_000,
  });

export const useSignInOptions = () =>
  useQuery({
    queryKey: ["session", "options"],
    queryFn: () => api.get<SignInOptions>("/v1/session/options"),
  });
