/**
 * Waiting on a condition instead of sleeping: polls until the condition holds. The limit only turns a
 * condition that never comes into a failure with a message; a passing test never depends on it.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = 'the condition',
  limitMs = 120_000,
): Promise<void> {
  const giveUp = Date.now() + limitMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > giveUp) throw new Error(`gave up waiting for ${what} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
