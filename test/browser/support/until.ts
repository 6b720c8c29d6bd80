// Polls `get` until it gives something truthy, and returns that; the error names what was awaited
// and the last answer.
export async function until<T>(what: string, get: () => Promise<T | undefined | false>, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined | false;
  while (Date.now() < end) {
    last = await get();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}
