/**
 * D1 binds at most 100 parameters per statement; a query over a list longer than that fails
 * (a 500 for the caller). Lists are bound in chunks that leave room for the statement's other
 * parameters, one statement per chunk.
 */
export const D1_MAX_BOUND_PARAMETERS = 100;

export async function selectInChunks<Value, Row>(
  values: readonly Value[],
  otherParameters: number,
  select: (chunk: Value[]) => Promise<Row[]>,
): Promise<Row[]> {
  const size = D1_MAX_BOUND_PARAMETERS - otherParameters;
  const chunks: Value[][] = [];
  for (let start = 0; start < values.length; start += size) {
    chunks.push(values.slice(start, start + size));
  }
  return (await Promise.all(chunks.map(select))).flat();
}
