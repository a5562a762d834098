/**
 * Benchmarks: `node dist/index.js <name> [args...]` (or `node --import tsx src/index.ts <name>`).
 * Each prints its figures; none is a test.
 */
const benches: Record<string, (args: readonly string[]) => Promise<void>> = {
  'response-join': async (args) => (await import('./response-join.js')).main(args),
  'lr-makespan': async (args) => (await import('./lr-makespan.js')).main(args),
  simulator: async (args) => (await import('./simulator.js')).main(args),
  core: async (args) => (await import('./core-bench.js')).main(args),
};

const [name, ...args] = process.argv.slice(2);
const bench = name === undefined ? undefined : benches[name];
if (!bench) {
  console.error(`usage: bench <${Object.keys(benches).join('|')}> [args...]`);
  process.exitCode = 2;
} else {
  await bench(args);
}
