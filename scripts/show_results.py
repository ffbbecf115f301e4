"""Prints `hoctap evaluate --explain` output (JSON Lines on stdin) as readable text."""
import json
import sys

counts = {}
for line in sys.stdin:
    row = json.loads(line)
    label = row.get("id", f"row {row['row']}")
    if "error" in row:
        print(f"--- {label}: input error: {row['error']}")
        continue
    counts[row["decision"]] = counts.get(row["decision"], 0) + 1
    print(f"--- {label}")
    print(row["explanation"].rstrip("\n").split("\n", 2)[2] if "explanation" in row else row["decision"])
print("Tổng hợp / summary: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
