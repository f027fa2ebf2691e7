// Bridge to api-smart-diff (pinned in generator/node/package.json): reads a JSON array of
// {"before": doc, "after": doc} pairs on stdin, writes one array of raw diffs per pair on
// stdout (several pairs share one start-up and the JIT's warm-up).
// argv[2] is the node_modules folder holding api-smart-diff (.cache/node/node_modules).
"use strict";
const path = require("path");
const { apiCompare } = require(path.join(process.argv[2], "api-smart-diff"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({ before, after }) =>
    apiCompare(before, after).diffs.map((d) => ({
      path: d.path,
      action: d.action,
      type: d.type,
      before: d.before === undefined ? null : d.before,
      after: d.after === undefined ? null : d.after,
    })),
  );
  process.stdout.write(JSON.stringify(out));
});
