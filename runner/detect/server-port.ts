/** The port a start command listens on, and the server it names (for the evidence). */
export interface ServerPort {
  port: number;
  /** "gunicorn", "Flask development server", ... */
  server: string;
  /** True when the command sets the port itself; false for the server's default. */
  explicit: boolean;
}

/**
 * Servers recognised in start commands, with the port each listens on when the command does
 * not set one (their documented defaults). The first pattern that matches names the server.
 * Puma is not among them: its config file (Rails' config/puma.rb) usually reads PORT.
 */
const SERVERS: [pattern: RegExp, server: string, port: number][] = [
  [/(^|\s|\/)gunicorn\s/, "gunicorn", 8000],
  [/(^|\s|\/)uvicorn\s/, "uvicorn", 8000],
  [/(^|\s|\/)hypercorn\s/, "hypercorn", 8000],
  [/(^|\s|\/)daphne\s/, "daphne", 8000],
  [/(^|\s)fastapi\s+run\b/, "fastapi run (uvicorn)", 8000],
  [/(^|\s)waitress-serve\s/, "waitress", 8080],
  [/(^|\s)flask\s+run\b/, "Flask development server", 5000],
  [/manage\.py\s+runserver\b/, "Django development server", 8000],
  [/(^|\s)streamlit\s+run\b/, "Streamlit", 8501],
  [/(^|\s)(?:rails\s+s(?:erver)?|bin\/rails\s+s(?:erver)?)\b/, "Rails server (Puma)", 3000],
  [/(^|\s)rackup\b/, "rackup", 9292],
  [/(^|\s)php\s+(?:[^-]\S*\s+)?-S\s/, "PHP built-in server", 8000],
  [/(^|\s)php\s+artisan\s+serve\b/, "artisan serve", 8000],
  [/(^|\s)next\s+start\b/, "next start", 3000],
  [/(^|\s)nuxt\s+(?:start|preview)\b/, "Nuxt server", 3000],
  [/(^|\s)astro\s+preview\b/, "astro preview", 4321],
  [/(^|\s)vite\s+preview\b/, "vite preview", 4173],
  [/(^|\s)remix-serve\b/, "remix-serve", 3000],
  [/(^|\s)react-router-serve\b/, "react-router-serve", 3000],
  [/(^|\s)serve\s+(?:-s\s+)?\S/, "serve", 3000],
  [/(^|\s)http-server\b/, "http-server", 8080],
  [/(^|\s)nginx\b/, "unprivileged nginx", 8080],
  [/(^|\s)apache2-foreground\b/, "unprivileged Apache with mod_php", 8080],
];

/** `--port 5000`, `--port=5000`, `-p 5000`, `--bind 0.0.0.0:5000`, `-b :5000`, `PORT=5000 `. */
const PORT_FLAGS = [
  /(?:--port|--listen|-p|--http-port)[=\s]+(\d{2,5})\b/,
  /(?:--bind|-b)[=\s]+(?:[\w.[\]-]*):(\d{2,5})\b/,
  /(?:^|\s)PORT=(\d{2,5})\s/,
  /\$\{PORT:-(\d{2,5})\}/,
  /(?:0\.0\.0\.0|localhost|127\.0\.0\.1|\[::\]):(\d{2,5})\b/,
];

/**
 * The port of the server a start command runs: the one the command sets, else the server's
 * default. Null when neither the port nor the server can be told from the command (a `node`
 * script reads `PORT`, which the platform sets).
 */
export function serverPort(command: string): ServerPort | null {
  const server = SERVERS.find(([pattern]) => pattern.test(command));
  for (const flag of PORT_FLAGS) {
    const port = Number(command.match(flag)?.[1]);
    if (port >= 1 && port <= 65535) {
      return { port, server: server?.[1] ?? "start command", explicit: true };
    }
  }
  return server ? { port: server[2], server: server[1], explicit: false } : null;
}
