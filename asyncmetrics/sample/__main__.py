"""``python -m asyncmetrics.sample [outdir] [--seed N]``: write the sample team's data."""

from __future__ import annotations

import argparse

from asyncmetrics.sample import generate

parser = argparse.ArgumentParser(prog="python -m asyncmetrics.sample", description=__doc__)
parser.add_argument("outdir", nargs="?", default="data/sample")
parser.add_argument("--seed", type=int, default=7)
args = parser.parse_args()
generate(args.outdir, seed=args.seed)
print(f"wrote {args.outdir}")
