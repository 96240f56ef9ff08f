#!/usr/bin/env python3
"""Live heap per connection by class, from the two class histograms the idle scenario writes.

Usage: bench/histogram_diff.py BEFORE AFTER CONNECTIONS [ROWS]
  e.g. bench/histogram_diff.py bench/results/<run>/idle-histogram-default.before.txt \\
           bench/results/<run>/idle-histogram-default.txt 19000
Each histogram follows a full GC (jcmd GC.class_histogram), so the difference is what the open connections keep
alive. Prints bytes and instances per connection, largest first, and their total.
"""
import re
import sys

ROW = re.compile(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")


def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            m = ROW.match(line)
            if m:
                rows[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return rows


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    before, after, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    rows = []
    for cls in set(before) | set(after):
        i0, b0 = before.get(cls, (0, 0))
        i1, b1 = after.get(cls, (0, 0))
        rows.append(((b1 - b0) / n, (i1 - i0) / n, cls))
    rows.sort(reverse=True)
    print(f"total {sum(r[0] for r in rows):,.0f} B per connection ({n:,} connections)")
    print(f"{'B/conn':>9} {'inst/conn':>9}  class")
    for b, i, cls in rows[:limit]:
        print(f"{b:9.1f} {i:9.2f}  {cls}")


if __name__ == "__main__":
    main()
