/** Kubernetes resource quantities ("100m", "1.5", "128Mi", "1G") as numbers in base units. */
const suffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const match = /^([+-]?[\d.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(value.trim());
  if (!match) return undefined;
  const factor = suffixes[match[2] ?? ""];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

/** Renders a sum the way kube-apiserver prints quota usage ("500m", "1Gi", "3"). */
export function formatQuantity(value: number, resource: string): string {
  const rounded = Math.round(value * 1000) / 1000;
  if (/cpu/.test(resource))
    return Number.isInteger(rounded) ? String(rounded) : `${Math.round(rounded * 1000)}m`;
  if (/memory|storage/.test(resource)) {
    for (const unit of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
      const size = suffixes[unit] ?? 1;
      if (value >= size && value % size === 0) return `${value / size}${unit}`;
    }
  }
  return String(rounded);
}
