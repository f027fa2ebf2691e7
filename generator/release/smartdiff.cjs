// Bridge to api-smart-diff (pinned in generator/node/package.json): reads {"before": doc,
// "after": doc} as JSON on stdin, writes the raw diffs as one JSON array on stdout.
// argv[2] is the node_modules folder holding api-smart-diff (.cache/node/node_modules).
"use strict";
const path = require("path");
const { apiCompare } = require(path.join(process.argv[2], "api-smart-diff"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { before, after } = JSON.parse(input);
  const { diffs } = apiCompare(before, after);
  const out = diffs.map((d) => ({
    path: d.path,
    action: d.action,
    type: d.type,
    before: d.before === undefined ? null : d.before,
    after: d.after === undefined ? null : d.after,
  }));
  process.stdout.write(JSON.stringify(out));
});
