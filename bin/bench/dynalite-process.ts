import { startDynalite } from '../local/emulators';

/**
 * Runs an in-memory dynalite in its own process, so the benchmark's RSS is the pollers' and the SDK's only, as in a
 * Lambda, not the emulator's. Prints `{"endpoint": …}` on one line once listening; exits when its parent closes stdin.
 */
async function main(): Promise<void> {
  const dynalite = await startDynalite();
  process.stdout.write(`${JSON.stringify({ endpoint: dynalite.endpoint })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void dynalite.stop().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`dynalite failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
