import { useQuery } from "@tanstack/react-query";
import { client, dataOf } from "../api/client.ts";

export const sessionKey = ["session"] as const;

/** Who is signed in, if anyone. */
export const useSession = () =>
  useQuery({
    queryKey: sessionKey,
    queryFn: () => dataOf(client.GET("/v1/session")),
    staleTime: 60_000,
  });

export const useSignInOptions = () =>
  useQuery({
    queryKey: ["session", "options"],
    queryFn: () => dataOf(client.GET("/v1/session/options")),
  });
