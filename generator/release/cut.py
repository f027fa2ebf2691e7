"""`python -m generator release`: record the spec as committed at HEAD as the next release in
spec/releases.yaml (version from the classified diff since the latest release; the
acknowledged breaking changes move into the release) and regenerate CHANGELOG.md.
Commit the spec first; commit the two files afterwards."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from generator.release import changelog, compare, diff, history


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator release", description=__doc__)
    parser.add_argument("--date", help="release date, YYYY-MM-DD (default: today, UTC)")
    args = parser.parse_args(argv)
    try:
        if history.git("status", "--porcelain", "--", history.SPEC_PATH, "generated").strip():
            print("release: commit spec/metastudio.yaml and generated/ first", file=sys.stderr)
            return 2
        record = history.load_record()
        blob_id = history.git("rev-parse", f"HEAD:{history.SPEC_PATH}").strip()
        try:
            tree_id = history.git("rev-parse", "HEAD:generated").strip()
        except history.HistoryError:  # a repository without generated/
            tree_id = ""
        outcome = diff.run(history.default_base(record), record=record)
    except (history.HistoryError, compare.DiffToolError) as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    if outcome.unacknowledged:
        print("release: unacknowledged breaking changes; run `make diff`", file=sys.stderr)
        return 1
    if record.latest is not None and not outcome.changes and not outcome.python_api:
        # a break of the generated Python API alone (a template or runtime change) is a release
        print(f"release: no change since {record.latest.version}; nothing to release")
        return 0
    date = args.date or dt.datetime.now(dt.UTC).date().isoformat()
    acknowledged = [a for a in record.acknowledged if any(a in c.keys for c in outcome.changes)]
    release = history.Release(outcome.next_version, date, blob_id, acknowledged, tree_id)
    record = history.Record([release, *record.releases], [])
    history.RECORD.write_text(history.dump_record(record), encoding="utf-8")
    changelog.CHANGELOG.write_text(changelog.render(record), encoding="utf-8")
    print(f"release: {release.version} recorded in spec/releases.yaml; CHANGELOG.md written")
    return 0
