#!/usr/bin/env python3
"""Render what a pull request shows for `tongbao check --format github`: the
annotations on the changed file's lines and the job summary, as an HTML page for a
README screenshot. Reads real output; stdlib only.

    tongbao check --format github --changed-since BASE > /tmp/gh.txt   (with GITHUB_STEP_SUMMARY=/tmp/sum.md)
    python3 scripts/render_annotations.py /tmp/gh.txt /tmp/sum.md ROOT data/projects/x/y.toml > /tmp/pr.html
"""
import html
import re
import sys
from pathlib import Path


def unescape(s: str) -> str:
    return s.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse(lines):
    out = []
    for line in lines:
        m = re.match(r"::(error|warning) (.*?)::(.*)$", line)
        if not m:
            continue
        props = dict(kv.split("=", 1) for kv in m.group(2).split(","))
        out.append({"kind": m.group(1), "file": unescape(props["file"]), "line": int(props["line"]),
                    "title": unescape(props.get("title", "")), "message": unescape(m.group(3))})
    return out


def md_table_to_html(md: str) -> str:
    parts, rows = [], []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(set(c) <= set("-:") for c in cells):
                continue
            rows.append(cells)
            continue
        if rows:
            head, body = rows[0], rows[1:]
            parts.append("<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>"
                         + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body)
                         + "</table>")
            rows = []
        if line.startswith("## "):
            parts.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("### "):
            parts.append(f"<h3>{html.escape(line[4:])}</h3>")
        elif line.startswith("> "):
            parts.append(f"<blockquote>{html.escape(line[2:])}</blockquote>")
        elif line.strip():
            parts.append(f"<p>{html.escape(line.replace('**', ''))}</p>")
    return "\n".join(parts)


def main() -> None:
    gh, summary, root, path = sys.argv[1:5]
    anns = parse(Path(gh).read_text(encoding="utf-8").splitlines())
    src = (Path(root) / path).read_text(encoding="utf-8").splitlines()
    mine = [a for a in anns if a["file"] == path]
    first = min((a["line"] for a in mine), default=1)
    lo, hi = max(1, first - 6), min(len(src), first + 8)
    rows = []
    for n in range(lo, hi + 1):
        rows.append(f'<tr><td class="ln">{n}</td><td class="code">{html.escape(src[n - 1])}</td></tr>')
        for a in (a for a in mine if a["line"] == n):
            rows.append(f'<tr><td></td><td><div class="ann {a["kind"]}"><div class="t">{"✖" if a["kind"] == "error" else "⚠"} '
                        f'Check failure: {html.escape(a["title"])}</div><div>{html.escape(a["message"])}</div>'
                        f'<div class="src">台账检查 / check</div></div></td></tr>')
    errors = sum(a["kind"] == "error" for a in anns)
    warnings = len(anns) - errors
    print(f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body{{font:14px "Noto Sans CJK SC",sans-serif;color:#1f2328;margin:0;background:#fff}}
.bar{{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:12px 20px;font-weight:600}}
.wrap{{padding:16px 20px;max-width:1100px}}
.file{{border:1px solid #d0d7de;border-radius:6px;overflow:hidden;margin-bottom:20px}}
.fh{{background:#f6f8fa;padding:8px 12px;border-bottom:1px solid #d0d7de;font-family:monospace}}
table.src{{border-collapse:collapse;width:100%;font:12px monospace}}
.ln{{color:#6e7781;text-align:right;padding:0 10px;width:40px;user-select:none}}
.code{{white-space:pre;padding:1px 8px}}
.ann{{margin:6px 8px;border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:6px;padding:8px 12px;font:13px "Noto Sans CJK SC",sans-serif;white-space:normal;background:#fff}}
.ann.warning{{border-left-color:#9a6700}}
.ann .t{{font-weight:600;margin-bottom:4px}} .ann .src{{color:#6e7781;font-size:12px;margin-top:4px}}
.summary{{border:1px solid #d0d7de;border-radius:6px;padding:4px 16px 12px}}
.summary table{{border-collapse:collapse;margin:6px 0;font-size:12px}} .summary td,.summary th{{border:1px solid #d0d7de;padding:3px 6px;text-align:left}}
blockquote{{color:#59636e;border-left:3px solid #d0d7de;margin:6px 0;padding-left:10px}}
.status{{color:#cf222e;font-weight:600}}
</style></head><body>
<div class="bar">合并请求 · Files changed · <span class="status">✖ 台账检查 / check 失败：{errors} 个错误，{warnings} 个警告</span></div>
<div class="wrap">
<div class="file"><div class="fh">{html.escape(path)}</div><table class="src">{''.join(rows)}</table></div>
<div class="summary">{md_table_to_html(Path(summary).read_text(encoding='utf-8')[:6000])}</div>
</div></body></html>""")


if __name__ == "__main__":
    main()
