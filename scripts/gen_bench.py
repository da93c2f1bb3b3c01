#!/usr/bin/env python3
"""Write a large ledger for timing `tongbao check` / `build`.

Copies the demo county's units and config and clones its projects (cycling through
them) under new ids, so the records are realistic and every rule runs.

    python3 scripts/gen_bench.py --count 10000 --out /tmp/bench
    time target/release/tongbao check --root /tmp/bench --format json > /dev/null
"""
import argparse
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    src = ROOT / "data"
    out = pathlib.Path(args.out) / "data"
    if out.exists():
        shutil.rmtree(out)
    (out / "projects").mkdir(parents=True)
    for name in ("units.toml", "config.toml"):
        if (src / name).exists():
            shutil.copy(src / name, out / name)
    projects = sorted((src / "projects").glob("*/*.toml"))
    for i in range(args.count):
        p = projects[i % len(projects)]
        new_id = f"b{i:05d}"
        text = re.sub(r'^id = "[^"]*"', f'id = "{new_id}"', p.read_text(encoding="utf-8"), count=1, flags=re.M)
        dest = out / "projects" / p.parent.name / f"{new_id}.toml"
        dest.parent.mkdir(exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    print(f"wrote {args.count} projects to {out}")


if __name__ == "__main__":
    main()
