import { DockerfileParser } from "dockerfile-ast";

/**
 * The image the Dockerfile's final stage starts from, as written: a stage built `FROM` an
 * earlier stage is followed back to that stage's image, and `${NAME}` takes the default of an
 * `ARG` declared before the first `FROM`. Null when the Dockerfile has no `FROM` or the
 * reference still depends on a value only the build knows.
 */
export function finalBaseImage(dockerfile: string): string | null {
  const parsed = DockerfileParser.parse(dockerfile);
  const defaults = new Map<string, string>();
  for (const arg of parsed.getInitialARGs()) {
    const property = arg.getProperty();
    const value = property?.getValue();
    if (property && value !== null && value !== undefined) defaults.set(property.getName(), value);
  }
  const stages = new Map<string, string>();
  let image: string | null = null;
  for (const from of parsed.getFROMs()) {
    const written = from.getImage();
    if (written === null) return null;
    const resolved = written.replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
      (whole, name: string) => defaults.get(name) ?? whole,
    );
    image = stages.get(resolved.toLowerCase()) ?? resolved;
    const stage = from.getBuildStage();
    if (stage) stages.set(stage.toLowerCase(), image);
  }
  return image === null || image.includes("$") ? null : image;
}
