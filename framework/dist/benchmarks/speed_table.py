#!/usr/bin/env python3
"""Aggregates the JSON lines of framework/dist/benchmarks/speed into a table (standard library only).

  speed_table.py RESULTS.jsonl            the throughput table: medians, each run's value, ratio, peak RSS
  speed_table.py --params CHECK.jsonl     parameter counts of GenLab's networks beside the PyTorch ports'
"""
import json
import statistics
import sys


def read(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def number(value, unit):
    if value is None:
        return "-"
    return f"{value:,.2f}" if unit == "it/s" else f"{value:,.0f}"


def table(headers, rows, right):
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = []
    for i, cells in enumerate([headers] + rows):
        lines.append(" | ".join(str(c).rjust(w) if right[j] else str(c).ljust(w)
                                for j, (c, w) in enumerate(zip(cells, widths))))
        if i == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def throughput(rows):
    groups = {}
    for row in rows:
        groups.setdefault((row["model"], row["threads"]), {"genlab": [], "torch": []})[row["side"]].append(row)
    headers = ["model", "threads", "unit", "GenLab median", "GenLab runs", "PyTorch median", "PyTorch runs",
               "GenLab/PyTorch", "GenLab RSS MB", "PyTorch RSS MB"]
    right = [False, True, False, True, False, True, False, True, True, True]
    lines = []
    failures = []
    for (model, threads), sides in groups.items():
        cells = [model, threads]
        medians = {}
        unit = next((r["unit"] for side in sides.values() for r in side if "unit" in r), "")
        cells.append(unit)
        for side in ("genlab", "torch"):
            ok = [r for r in sides[side] if "value" in r]
            failures += [r for r in sides[side] if "value" not in r]
            values = [r["value"] for r in ok]
            medians[side] = statistics.median(values) if values else None
            cells.append(number(medians[side], unit))
            cells.append(" ".join(number(v, unit) for v in values) or "-")
        ratio = medians["genlab"] / medians["torch"] if medians["genlab"] and medians["torch"] else None
        cells.append(f"{ratio:.2f}" if ratio is not None else "-")
        for side in ("genlab", "torch"):
            rss = [r["peak_rss_mb"] for r in sides[side] if r.get("peak_rss_mb") is not None]
            cells.append(f"{max(rss):,.0f}" if rss else "-")
        lines.append(cells)
    print(table(headers, lines, right))
    print()
    print("img/s: training images per second, median of the epochs after the first (sae: all images of its three stages"
          " over their summed time); it/s: GAN iterations per second (one discriminator step on B real + B generated"
          " images, one generator step). 'runs' lists each repetition's value in order; RSS is the highest VmHWM"
          " of a side's processes.")
    torch = [r for r in rows if r["side"] == "torch" and "value" in r]
    print("GenLab: the runner's images_per_second (training steps only), training.threads=N, OMP_NUM_THREADS=N")
    if torch:
        print(f"PyTorch {torch[0].get('torch', '?')}: torch.set_num_threads(N), OMP_NUM_THREADS=N")
    print()
    print("Training loss by epoch, first repetition (a sanity check that both sides learn):")
    first = min((r.get("rep", 0) for r in rows), default=0)
    for row in rows:
        if row.get("rep", 0) == first and "epoch_losses" in row:
            losses = ", ".join(f"{v:.4g}" for v in row["epoch_losses"])
            print(f"  {row['model']:>4} t{row['threads']} {row['side']:>6}: {losses}")
    for r in failures:
        print(f"FAILED: {r['side']} {r['model']} threads {r['threads']} rep {r.get('rep')}: {r.get('error')}")


# the name of each PyTorch network's counterpart among the files GenLab saves under model/
GENLAB_NAME = {"generator.sdz (trainable)": "model/generator.sdz (without batch-norm moving statistics)"}


def params(rows):
    genlab = {r["model"]: r.get("params", {}) for r in rows if r["side"] == "genlab"}
    torch = {r["model"]: r.get("params", {}) for r in rows if r["side"] == "torch"}
    lines = []
    for model in dict.fromkeys([r["model"] for r in rows]):
        for name, count in torch.get(model, {}).items():
            theirs = genlab.get(model, {}).get(GENLAB_NAME.get(name, "model/" + name))
            verdict = "same" if theirs == count else "DIFFERENT"
            lines.append([model, name, f"{theirs:,}" if theirs is not None else "-", f"{count:,}", verdict])
    print(table(["model", "network", "GenLab", "PyTorch", ""], lines, [False, False, True, True, False]))
    for r in rows:
        if "error" in r:
            print(f"FAILED: {r['side']} {r['model']}: {r['error']}")


def main(argv):
    if len(argv) == 2 and argv[0] == "--params":
        params(read(argv[1]))
    elif len(argv) == 1 and not argv[0].startswith("-"):
        throughput(read(argv[0]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
