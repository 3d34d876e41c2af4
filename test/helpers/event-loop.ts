/**
 * Runs `work` and counts the turns the event loop took meanwhile: a response written from a
 * synchronous source in one go lets none through, so other requests wait for all of it.
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let working = true;
  const spin = () => {
    if (!working) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return { result: await work(), turns };
  } finally {
    working = false;
  }
}
