export default async function globalTeardown(): Promise<void> {
  const emulators = ((globalThis as Record<string, unknown>).__emulators ?? []) as { stop(): Promise<void> }[];
  await Promise.all(emulators.map((e) => e.stop()));
}
