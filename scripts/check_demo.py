#!/usr/bin/env python3
"""Independent self-check of the demo data (Python 3.11, stdlib only).

Reads data/ with tomllib and applies docs/contract.md §3-§4 and docs/conventions.md
with the calendar of gen_demo.py, then prints the deadline findings
(overdue / due-soon / late) and any structural problem.  It is a cross-check
for the demo, not a replacement for `tongbao check`.

    python3 scripts/check_demo.py [--as-of 2026-11-20] [--root .] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tomllib
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_demo import (  # noqa: E402
    CATEGORIES, INDUSTRIAL, add_month, add_wd, is_workday, last_wd, month_end, next_month,
)

TOP_KEYS = {"id", "name", "category", "sector", "chain", "unit", "source", "investment_wan",
            "land_mu", "special_policy", "investor", "leader", "owner", "contact", "service",
            "legal_rep", "phone", "dates", "plan", "approvals", "milestones", "reports", "problems"}
DATE_KEYS = ["proposed", "negotiating", "assessed", "approved", "legal_review", "signed",
             "filed", "plan_issued", "kickoff", "platform", "started", "completed", "operating",
             "terminated", "terminated_reason"]
PLAN_KEYS = {"start", "complete", "operate"}
PLAN_KEYS |= {f"{k}_extended_to" for k in ("start", "complete", "operate")}
PLAN_KEYS |= {f"{k}_extension_ref" for k in ("start", "complete", "operate")}
APPROVAL_KEYS = {"step", "on", "ref"}
MS_KEYS = {"item", "unit", "due", "done", "measures", "extended_to", "extension_ref"}
REPORT_KEYS = {"month", "planned", "actual", "problems", "suggestions", "invested_wan"}
PROBLEM_KEYS = {"raised", "text", "unit", "due", "resolved", "notice"}
NOTICE_KEYS = {"no", "issued", "replied"}
UNIT_KEYS = {"id", "name", "kind", "leader", "ranked", "self_approval_max_mu", "owners"}
SECTORS = {"产业转型", "基础设施", "社会民生", "科技创新"}
LIFECYCLE = ["proposed", "negotiating", "assessed", "approved", "signed", "started",
             "completed", "operating"]
STAGE_NAMES = ["谋划", "洽谈", "研判", "审批", "签约", "开工", "竣工", "投产"]
TIER_STEPS = {
    1: ["县长同意", "分管副县长审批"],
    2: ["分管副县长审核", "县长办公会议审议", "县长审批"],
    3: ["分管副县长审核", "县长办公会议审议", "县委常委会审议", "县长审批"],
    "self": ["领导小组审议", "开发区审批"],
    "county": ["县委常委会审议", "县长审批"],
}


def tier_of(unit: dict, category: str, land: float, special: bool):
    m = unit.get("self_approval_max_mu")
    if m is not None:
        return "self" if land <= m and not special else "county"
    if not land:
        t = 1
    elif category in INDUSTRIAL:
        t = 1 if land <= 30 else 2 if land <= 50 else 3
    else:
        t = 1 if land <= 20 else 2 if land <= 50 else 3
    return min(3, t + 1) if special else t


def rewind(r: dict, as_of: date) -> dict:
    r = json.loads(json.dumps(r, default=str))  # deep copy; dates become strings

    def fix(x):
        if isinstance(x, dict):
            out = {}
            for k, v in x.items():
                if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
                    v = date.fromisoformat(v)
                out[k] = fix(v)
            return out
        if isinstance(x, list):
            return [fix(v) for v in x]
        return x

    r = fix(r)
    r["dates"] = {k: v for k, v in r["dates"].items()
                  if not isinstance(v, date) or v <= as_of}
    if "terminated" not in r["dates"]:
        r["dates"].pop("terminated_reason", None)
    if "plan_issued" not in r["dates"]:
        r.pop("plan", None)
        r.pop("milestones", None)
    if "approved" not in r["dates"]:
        r.pop("approvals", None)
    for m in r.get("milestones", []):
        if m.get("done") and m["done"] > as_of:
            del m["done"]
    r["problems"] = [q for q in r.get("problems", []) if q["raised"] <= as_of]
    for q in r["problems"]:
        if q.get("resolved") and q["resolved"] > as_of:
            del q["resolved"]
        n = q.get("notice")
        if n and n["issued"] > as_of:
            del q["notice"]
        elif n and n.get("replied") and n["replied"] > as_of:
            del n["replied"]
    ym = f"{as_of.year}-{as_of.month:02d}"
    r["reports"] = [x for x in r.get("reports", []) if x["month"] <= ym]
    return r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    ap.add_argument("--as-of")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--summary", action="store_true", help="also print counts")
    a = ap.parse_args()
    root = Path(a.root)
    data = root / "data"
    cfg = tomllib.loads((data / "config.toml").read_text("utf-8"))
    as_of = date.fromisoformat(a.as_of) if a.as_of else cfg["as_of"]
    soon_end = add_wd(as_of, 5)

    errs: list[str] = []
    units_doc = tomllib.loads((data / "units.toml").read_text("utf-8"))
    units = {}
    for u in units_doc["unit"]:
        for k in u:
            if k not in UNIT_KEYS:
                errs.append(f"units.toml: unknown key {k}")
        units[u["id"]] = u

    findings = []  # (severity, code, rule, pid, unit, due, detail)
    recs = []
    seen = {}
    for f in sorted((data / "projects").glob("*/*.toml")):
        rel = f.relative_to(root).as_posix()
        r = tomllib.loads(f.read_text("utf-8"))
        pid = r.get("id")
        if as_of < cfg["as_of"]:
            # a past as-of (a bulletin month): facts after it have not happened yet
            if r["dates"]["proposed"] > as_of:
                continue
            r = rewind(r, as_of)
        recs.append((rel, r))

        def err(msg):
            errs.append(f"{rel}: {msg}")

        for k in r:
            if k not in TOP_KEYS:
                err(f"unknown key {k}")
        if pid != f.stem:
            err("id != file stem")
        if r.get("unit") != f.parent.name:
            err("folder != unit")
        if pid in seen:
            err(f"duplicate id (first {seen[pid]})")
        seen[pid] = rel
        if r.get("unit") not in units:
            err("unknown unit")
        if r.get("source", r.get("unit")) not in units:
            err("unknown source")
        if r.get("category") not in CATEGORIES:
            err("unknown category")
        if r.get("sector") and r["sector"] not in SECTORS:
            err("unknown sector")
        d = r.get("dates", {})
        for k in d:
            if k not in DATE_KEYS:
                err(f"unknown dates key {k}")
        plan = r.get("plan", {})
        for k in plan:
            if k not in PLAN_KEYS:
                err(f"unknown plan key {k}")
        for x in r.get("approvals", []):
            if set(x) - APPROVAL_KEYS:
                err(f"approval keys {set(x) - APPROVAL_KEYS}")
        for x in r.get("milestones", []):
            if set(x) - MS_KEYS:
                err(f"milestone keys {set(x) - MS_KEYS}")
            if x["unit"] not in units:
                err(f"milestone unit {x['unit']}")
        for x in r.get("reports", []):
            if set(x) - REPORT_KEYS:
                err(f"report keys {set(x) - REPORT_KEYS}")
        for x in r.get("problems", []):
            if set(x) - PROBLEM_KEYS:
                err(f"problem keys {set(x) - PROBLEM_KEYS}")
            if x["unit"] not in units:
                err(f"problem unit {x['unit']}")
            if set(x.get("notice", {})) - NOTICE_KEYS:
                err("notice keys")

        # ---- future dates
        facts = [(k, v) for k, v in d.items() if isinstance(v, date)]
        facts += [("approvals.on", x["on"]) for x in r.get("approvals", [])]
        facts += [("milestones.done", x["done"]) for x in r.get("milestones", []) if "done" in x]
        for x in r.get("problems", []):
            facts.append(("problems.raised", x["raised"]))
            if "resolved" in x:
                facts.append(("problems.resolved", x["resolved"]))
            n = x.get("notice", {})
            for k in ("issued", "replied"):
                if k in n:
                    facts.append((f"notice.{k}", n[k]))
        for k, v in facts:
            if v > as_of:
                err(f"future date {k} {v}")

        # ---- date order / prerequisites
        present = [k for k in LIFECYCLE if k in d]
        for x, y in zip(present, present[1:]):
            if d[y] < d[x]:
                err(f"date-order {x} {d[x]} > {y} {d[y]}")
        for before, after in [("signed", "filed"), ("filed", "plan_issued"),
                              ("plan_issued", "kickoff"), ("signed", "platform"),
                              ("approved", "legal_review"), ("legal_review", "signed")]:
            if before in d and after in d and d[after] < d[before]:
                err(f"date-order {before} > {after}")
        if "terminated" in d:
            if "terminated_reason" not in d:
                err("terminated without reason")
            for k, v in d.items():
                if isinstance(v, date) and v > d["terminated"]:
                    err(f"{k} after terminated")
        if "signed" in d and not ("approved" in d and "legal_review" in d
                                  and d["approved"] <= d["signed"]
                                  and d["legal_review"] <= d["signed"]):
            err("prerequisite for signed")
        if "approved" in d and not ("assessed" in d and d["assessed"] <= d["approved"]):
            err("prerequisite for approved")
        for x in r.get("problems", []):
            if "signed" in d and x["raised"] < d["signed"]:
                err("problem raised before signing")

        # ---- approval tier
        tier = None
        if "approved" in d:
            tier = tier_of(units[r["unit"]], r["category"], r.get("land_mu", 0),
                           r.get("special_policy", False))
            need = TIER_STEPS[tier]
            have = {}
            for x in r.get("approvals", []):
                have.setdefault(x["step"].strip(), x["on"])
            missing = [s for s in need if s not in have]
            if missing:
                err(f"approval tier {tier} missing {missing}")
            else:
                ds = [have[s] for s in need]
                if ds != sorted(ds) or ds[-1] > d["approved"]:
                    err(f"approval tier {tier} order/dates {ds}")
        r["_tier"] = tier

        # ---- deadlines
        term = d.get("terminated") if d.get("terminated") and d["terminated"] <= as_of else None
        stop = min([x for x in (term, d.get("operating")) if x], default=None)

        def deadline(rule, due, done, what=""):
            if term and due > term:
                return
            if done is None:
                if due < as_of:
                    findings.append(("error", "overdue", rule, pid, r["unit"], due, what))
                elif due <= soon_end:
                    findings.append(("warning", "due-soon", rule, pid, r["unit"], due, what))
            elif done > due:
                findings.append(("warning", "late", rule, pid, r["unit"], due,
                                 f"{what} done {done}".strip()))

        if "signed" in d:
            deadline("filing", add_wd(d["signed"], 3), d.get("filed"))
            deadline("platform", add_month(d["signed"]), d.get("platform"))
        if "filed" in d:
            deadline("plan", add_wd(d["filed"], 5), d.get("plan_issued"))
        if "plan_issued" in d:
            deadline("kickoff", add_wd(d["plan_issued"], 5), d.get("kickoff"))
        for key, fact in (("start", "started"), ("complete", "completed"), ("operate", "operating")):
            if key in plan:
                due = plan.get(f"{key}_extended_to", plan[key])
                deadline(key, due, d.get(fact))
        for x in r.get("milestones", []):
            deadline("milestone", x.get("extended_to", x["due"]), x.get("done"), x["item"])
        for x in r.get("problems", []):
            deadline("problem", x["due"], x.get("resolved"), x["text"])
            n = x.get("notice")
            if n:
                deadline("notice-reply", add_wd(n["issued"], 3), n.get("replied"), n["no"])
        if "signed" in d:
            have = {x["month"] for x in r.get("reports", [])}
            y, m = next_month(d["signed"].year, d["signed"].month)
            while True:
                due = last_wd(y, m)
                if due > soon_end:
                    break
                if stop and due > stop:
                    break
                if f"{y}-{m:02d}" not in have:
                    deadline("report", due, None, f"{y}-{m:02d}")
                y, m = next_month(y, m)

        # stage
        st = max((i for i, k in enumerate(LIFECYCLE) if k in d and d[k] <= as_of), default=None)
        r["_stage"] = "终止" if term else STAGE_NAMES[st]

    if a.json:
        print(json.dumps([dict(severity=s, code=c, rule=ru, project=p, unit=u, due=str(du), detail=w)
                          for s, c, ru, p, u, du, w in findings], ensure_ascii=False, indent=1))
    else:
        print(f"as of {as_of} (due-soon window to {soon_end}); {len(recs)} projects, {len(units)} units")
        for e in errs:
            print("STRUCTURE:", e)
        for code in ("overdue", "due-soon", "late"):
            fs = [x for x in findings if x[1] == code]
            print(f"\n{code}: {len(fs)}")
            for s, c, ru, p, u, du, w in sorted(fs, key=lambda x: (x[3], x[2])):
                print(f"  {p:9} {u:10} {ru:13} due {du}  {w}")
    if a.summary:
        from collections import Counter
        print("\nby stage:", dict(Counter(r["_stage"] for _, r in recs)))
        print("by category:", dict(Counter(r["category"] for _, r in recs)))
        print("by unit:", dict(Counter(r["unit"] for _, r in recs)))
        print("by tier (approved ones):", dict(Counter(str(r["_tier"]) for _, r in recs if r["_tier"])))
        lv = Counter("省级" if r["investment_wan"] >= 100000 else "市级" if r["investment_wan"] >= 50000
                     else "县级" if r["investment_wan"] >= 10000 else "-" for _, r in recs)
        print("tracking level:", dict(lv))
        print("land at bounds:", sorted((r["id"], r.get("land_mu")) for _, r in recs
                                        if r.get("land_mu") in (20, 30, 50)))
        print("special_policy:", [r["id"] for _, r in recs if r.get("special_policy")])
        print("investment range:", min(r["investment_wan"] for _, r in recs),
              max(r["investment_wan"] for _, r in recs))
        print("reports:", sum(len(r.get("reports", [])) for _, r in recs),
              "milestones:", sum(len(r.get("milestones", [])) for _, r in recs),
              "problems:", sum(len(r.get("problems", [])) for _, r in recs))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
