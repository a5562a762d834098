/**
 * Benchmarks: `node dist/index.js [name] [args...]` (or `node --import tsx src/index.ts <name>`);
 * without a name (`pnpm bench`) every benchmark runs, one after the other. Each prints its figures;
 * none is a test.
 */
const benches: Record<string, (args: readonly string[]) => Promise<void>> = {
  'response-join': async (args) => (await import('./response-join.js')).main(args),
  'lr-makespan': async (args) => (await import('./lr-makespan.js')).main(args),
  simulator: async (args) => (await import('./simulator.js')).main(args),
  core: async (args) => (await import('./core-bench.js')).main(args),
};

const [name, ...args] = process.argv.slice(2);
if (name === undefined) {
  for (const [each, run] of Object.entries(benches)) {
    console.log(`\n## ${each}`);
    await run([]);
  }
} else {
  const bench = benches[name];
  if (bench) {
    await bench(args);
  } else {
    console.error(`usage: bench [${Object.keys(benches).join('|')}] [args...]`);
    process.exitCode = 2;
  }
}
