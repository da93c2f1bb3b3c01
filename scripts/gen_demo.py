#!/usr/bin/env python3
"""Generate the demo ledger of the fictional 青岚县 (Qinglan County).

Writes data/units.toml, data/config.toml and data/projects/<unit>/<id>.toml.
Deterministic: a fixed seed, a fixed project table, sorted output; running it
twice gives byte-identical files.  Python 3.11, standard library only.

    python3 scripts/gen_demo.py OUT        # write the generated ledger to OUT/
    python3 scripts/check_demo.py          # list the findings as of 2026-11-20

This is the demo's origin, not its source of truth any more: data/ has since been
extended by hand (a 增资 record, 到位资金 origins, data/targets/, data/tasks/, the
[agreement]/[[actuals]] tables of 履约评估), which this script does not write.  It
therefore refuses to overwrite data/ (and its projects) unless given
--overwrite-data; edit data/ and tests/fixtures/demo/data/ by hand instead.

The demo is built so that, as of 2026-11-20, most records are clean and a few
are deliberately overdue / due soon / late (see SCENARIOS below and
scripts/check_demo.py).
"""
from __future__ import annotations

import calendar as _cal
import json
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
AS_OF = date(2026, 11, 20)
SEED = 20261120
COUNTY = "青岚县"

# ---------------------------------------------------------------------------
# Working-day calendar: the State Council schedule as in the `chinese_holiday`
# crate (constants.rs, 2025 and 2026).  Holiday = day off; Workday = make-up
# working day on a weekend; any other Saturday/Sunday is off.
# ---------------------------------------------------------------------------
_HOLIDAYS = """
2025-01-01 2025-01-28 2025-01-29 2025-01-30 2025-01-31 2025-02-01 2025-02-02
2025-02-03 2025-02-04 2025-04-04 2025-04-05 2025-04-06 2025-05-01 2025-05-02
2025-05-03 2025-05-04 2025-05-05 2025-05-31 2025-06-01 2025-06-02 2025-10-01
2025-10-02 2025-10-03 2025-10-04 2025-10-05 2025-10-06 2025-10-07 2025-10-08
2026-01-01 2026-01-02 2026-01-03 2026-02-15 2026-02-16 2026-02-17 2026-02-18
2026-02-19 2026-02-20 2026-02-21 2026-02-22 2026-02-23 2026-04-04 2026-04-05
2026-04-06 2026-05-01 2026-05-02 2026-05-03 2026-05-04 2026-05-05 2026-06-19
2026-06-20 2026-06-21 2026-09-25 2026-09-26 2026-09-27 2026-10-01 2026-10-02
2026-10-03 2026-10-04 2026-10-05 2026-10-06 2026-10-07
"""
_WORKDAYS = """
2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11
2026-01-04 2026-02-14 2026-02-28 2026-05-09 2026-09-20 2026-10-10
"""
HOLIDAYS = {date.fromisoformat(s) for s in _HOLIDAYS.split()}
WORKDAYS = {date.fromisoformat(s) for s in _WORKDAYS.split()}
CAL_KNOWN = (date(2004, 1, 1), date(2026, 12, 25))  # range of the crate's data
ONE = timedelta(days=1)


def is_workday(d: date) -> bool:
    if d in HOLIDAYS:
        return False
    if d in WORKDAYS:
        return True
    return d.weekday() < 5


def add_wd(d: date, n: int) -> date:
    """The n-th working day strictly after d."""
    x, k = d, 0
    while k < n:
        x += ONE
        if is_workday(x):
            k += 1
    return x


def sub_wd(d: date, n: int) -> date:
    """The n-th working day strictly before d."""
    x, k = d, 0
    while k < n:
        x -= ONE
        if is_workday(x):
            k += 1
    return x


def snap_fwd(d: date) -> date:
    while not is_workday(d):
        d += ONE
    return d


def snap_back(d: date) -> date:
    while not is_workday(d):
        d -= ONE
    return d


def add_month(d: date) -> date:
    """Same day next month, or that month's last day."""
    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def last_wd(y: int, m: int) -> date:
    return snap_back(month_end(y, m))


def next_month(y: int, m: int) -> tuple[int, int]:
    return (y + 1, 1) if m == 12 else (y, m + 1)


def plus_months_end(d: date, k: int) -> date:
    y, m = d.year, d.month
    for _ in range(k):
        y, m = next_month(y, m)
    return month_end(y, m)


DUE_SOON_END = add_wd(AS_OF, 5)  # 2026-11-27

# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------
ORG = "@qinglan-county"
UNITS = [
    dict(id="kfq", name="青岚经济开发区", kind="区块", leader="赵文博",
         self_approval_max_mu=50, owners=[f"{ORG}/kfq"]),
    dict(id="gyyq", name="青岚县新材料工业园区", kind="区块", leader="刘振华",
         owners=[f"{ORG}/gyyq"]),
    dict(id="chengguan", name="城关镇", kind="乡镇", leader="孙慧敏",
         owners=[f"{ORG}/chengguan"]),
    dict(id="linhe", name="临河镇", kind="乡镇", leader="何建平",
         owners=[f"{ORG}/linhe"]),
    dict(id="shiqiao", name="石桥镇", kind="乡镇", leader="郑海燕",
         owners=[f"{ORG}/shiqiao"]),
    dict(id="songling", name="松岭乡", kind="乡镇", leader="韦承志",
         owners=[f"{ORG}/songling"]),
    dict(id="fgj", name="县发展和改革局", kind="部门", leader="陈立群"),
    dict(id="zrzy", name="县自然资源局", kind="部门", leader="刘振华"),
    dict(id="sthj", name="市生态环境局青岚分局", kind="部门", leader="何建平"),
    dict(id="grid", name="国网青岚县供电公司", kind="部门", leader="赵文博"),
    dict(id="beijing", name="青岚县驻北京招商联络处", kind="联络处", leader="陈立群"),
]
UNIT_BY_ID = {u["id"]: u for u in UNITS}

CATEGORIES = ["工业", "制造业", "文旅", "康养", "养老", "服务业", "农业", "商业"]
INDUSTRIAL = {"工业", "制造业"}


def required_steps(unit: str, category: str, land: float, special: bool) -> list[str]:
    """docs/contract.md §4 approval tiers (with docs/conventions.md details)."""
    m = UNIT_BY_ID[unit].get("self_approval_max_mu")
    if m is not None:
        if land <= m and not special:
            return ["领导小组审议", "开发区审批"]
        return ["县委常委会审议", "县长审批"]
    if not land:
        tier = 1
    elif category in INDUSTRIAL:
        tier = 1 if land <= 30 else 2 if land <= 50 else 3
    else:
        tier = 1 if land <= 20 else 2 if land <= 50 else 3
    if special:
        tier = min(3, tier + 1)
    return {
        1: ["县长同意", "分管副县长审批"],
        2: ["分管副县长审核", "县长办公会议审议", "县长审批"],
        3: ["分管副县长审核", "县长办公会议审议", "县委常委会审议", "县长审批"],
    }[tier]


# ---------------------------------------------------------------------------
# The project table.  Dates given here are the anchors; the rest of each
# record is derived with the calendar above and a seeded RNG.
# ---------------------------------------------------------------------------
D = date.fromisoformat
STAGES = ["谋划", "洽谈", "研判", "审批", "签约", "开工", "竣工", "投产"]

PROJECTS = [
    # ----------------------------------------------------------------- kfq
    dict(unit="kfq", category="制造业", name="年产5万吨锂电池正极材料项目",
         investment=150000, land=120, sector="产业转型", chain="新能源电池",
         investor="澜图新能源材料股份有限公司", source="beijing",
         signed=D("2025-09-16"), started=D("2026-03-18"),
         plan=dict(start=D("2026-03-31"), complete=D("2027-12-31"), operate=D("2028-03-31")),
         extra_steps=["分管副县长审核"], nov_report=True,
         problems=[dict(raised=D("2026-04-08"), text="110千伏专线接入方案未批复，影响施工用电",
                        unit="grid", due=D("2026-05-29"), resolved=D("2026-05-22"),
                        notice=dict(no="督办〔2026〕3号", issued=D("2026-04-15"), replied=D("2026-04-17")))]),
    dict(unit="kfq", category="制造业", name="高端精密轴承生产线项目",
         investment=72000, land=50, sector="产业转型", chain="高端装备",
         investor="恒钧精密机械有限公司",
         signed=D("2025-04-15"), started=D("2025-07-10"), completed=D("2026-05-20"),
         operating=D("2026-08-18"),
         problems=[dict(raised=D("2025-08-05"), text="施工用水临时管网未接通",
                        unit="kfq", due=D("2025-08-29"), resolved=D("2025-08-26"))]),
    dict(unit="kfq", category="工业", name="智能网联汽车零部件产业园项目",
         investment=98000, land=48, sector="产业转型", chain="汽车零部件",
         investor="驰远汽车科技有限公司",
         signed=D("2025-05-20"), started=D("2025-08-12"), completed=D("2026-10-28"),
         plan=dict(operate=D("2027-03-31")),
         problems=[dict(raised=D("2025-09-10"), text="涂装车间环评报告书技术审查意见未出具",
                        unit="sthj", due=D("2025-10-31"), resolved=D("2025-10-20"),
                        notice=dict(no="督办〔2025〕6号", issued=D("2025-09-16"), replied=D("2025-09-18")))]),
    dict(unit="kfq", category="制造业", name="光伏组件边框及支架生产项目",
         investment=35000, land=30, sector="产业转型", chain="光伏",
         investor="晟曜光能科技有限公司",
         signed=D("2026-07-14"),
         plan=dict(start=D("2026-12-31"), complete=D("2027-12-31"), operate=D("2028-03-31")),
         # due-soon: 施工许可 due 2026-11-25, not yet issued
         ms_over={"施工许可": dict(due=D("2026-11-25"), done=None,
                                  measures="开发区建设局提前介入预审施工图，企业补正消防设计文件")}),
    dict(unit="kfq", category="工业", name="年产3万吨电子级化学品项目",
         investment=60000, land=45, special=True, sector="科技创新", chain="电子化学品",
         investor="清沅电子材料有限公司",
         signed=D("2026-06-09"),
         # overdue: planned start 2026-10-30 passed, not started
         plan=dict(start=D("2026-10-30"), complete=D("2027-12-31"), operate=D("2028-06-30")),
         stall_note="企业调整工艺路线，施工图设计变更，未能按计划开工"),
    dict(unit="kfq", category="服务业", name="工业互联网创新服务中心项目",
         investment=12000, land=8, sector="科技创新", chain="工业互联网",
         investor="数衡工业互联网科技有限公司",
         signed=D("2026-03-10"), started=D("2026-06-16"),
         plan=dict(start=D("2026-06-30"), complete=D("2027-06-30"), operate=D("2027-09-30"))),
    dict(unit="kfq", category="服务业", name="新能源重卡换电站及运营中心项目",
         investment=8000, land=12, sector="基础设施", chain="新能源汽车服务",
         investor="迅驰换电能源科技有限公司",
         # due-soon: filed 2026-11-17, 开工目标计划表 due 2026-11-24
         signed=D("2026-11-13"), filed=D("2026-11-17"), chain_upto="filed",
         platform=D("2026-11-19")),
    dict(unit="kfq", category="制造业", name="生物医药中试基地项目",
         investment=45000, land=40, sector="科技创新", chain="生物医药",
         investor="禾康生物医药科技有限公司",
         stage="审批", anchor=D("2026-10-27")),
    dict(unit="kfq", category="服务业", name="开发区冷链物流园项目",
         investment=26000, land=35, sector="基础设施", chain="现代物流",
         investor="通汇冷链物流有限公司",
         stage="研判", anchor=D("2026-09-17")),
    dict(unit="kfq", category="制造业", name="半导体封装测试项目",
         investment=120000, land=80, sector="科技创新", chain="集成电路",
         investor="芯锐半导体科技有限公司", source="beijing",
         stage="洽谈", anchor=D("2026-08-20")),
    dict(unit="kfq", category="工业", name="高分子复合材料项目",
         investment=18000, land=25, sector="产业转型", chain="新材料",
         investor="鑫拓高分子材料有限公司",
         signed=D("2025-04-08"), started=D("2025-06-05"), completed=D("2026-01-20"),
         operating=D("2026-04-15")),
    dict(unit="kfq", category="制造业", name="氢能装备制造产业园项目",
         investment=100000, land=60, sector="产业转型", chain="氢能",
         investor="氢川能源装备有限公司", source="beijing",
         stage="谋划", anchor=D("2026-10-15")),
    # ---------------------------------------------------------------- gyyq
    dict(unit="gyyq", category="工业", name="年产10万吨再生铝项目",
         investment=68000, land=55, sector="产业转型", chain="再生资源",
         investor="绿循再生金属有限公司",
         signed=D("2026-08-11"),
         plan=dict(start=D("2027-03-31"), complete=D("2028-03-31"), operate=D("2028-06-30")),
         # overdue: 土地供应 due 2026-10-31, land not yet supplied
         ms_over={"土地供应": dict(due=D("2026-10-31"), done=None,
                                  measures="加快土地征收报批，督促完成地上附着物清点补偿"),
                  "规划许可": dict(due=D("2026-12-31"), done=None),
                  "施工许可": dict(due=D("2027-02-26"), done=None)},
         problems=[dict(raised=D("2026-10-09"), text="项目用地征收报批材料退回补正",
                        unit="zrzy", due=D("2026-12-15"))]),
    dict(unit="gyyq", category="制造业", name="碳纤维预浸料生产项目",
         investment=52000, land=30, sector="产业转型", chain="碳纤维及复合材料",
         investor="玄翎复合材料有限公司",
         signed=D("2025-03-25"), started=D("2025-06-18"), completed=D("2026-04-28"),
         operating=D("2026-07-15")),
    dict(unit="gyyq", category="工业", name="新型环保建材项目",
         investment=15000, land=32, sector="产业转型", chain="绿色建材",
         investor="坤垣新型建材有限公司",
         signed=D("2025-12-09"), started=D("2026-04-20"),
         plan=dict(start=D("2026-04-30"), complete=D("2027-04-30"), operate=D("2027-06-30")),
         problems=[
             # late: resolved 2026-09-04, due 2026-08-31
             dict(raised=D("2026-08-04"), text="厂区污水管网接入园区主管网未完成",
                  unit="gyyq", due=D("2026-08-31"), resolved=D("2026-09-04")),
             # due-soon: due 2026-11-26
             dict(raised=D("2026-11-04"), text="天然气管道接驳工程未完工，影响窑炉调试",
                  unit="gyyq", due=D("2026-11-26")),
         ]),
    dict(unit="gyyq", category="工业", name="特种玻璃深加工项目",
         investment=28000, land=50, sector="产业转型", chain="新材料",
         investor="晶岳特种玻璃有限公司",
         signed=D("2025-06-17"), started=D("2025-09-09"), completed=D("2026-09-28"),
         plan=dict(operate=D("2027-01-31"))),
    dict(unit="gyyq", category="制造业", name="风电塔筒及法兰制造项目",
         investment=86000, land=70, sector="产业转型", chain="风电装备",
         investor="澄风重工装备有限公司", source="beijing",
         signed=D("2026-01-13"), started=D("2026-06-16"),
         plan=dict(start=D("2026-06-30"), complete=D("2027-09-30"), operate=D("2027-12-31")),
         ms_over={"土地供应": dict(due=D("2026-03-31"), extended_to=D("2026-04-30"),
                                  extension_ref="联席会议纪要〔2026〕2号", done=D("2026-04-24"),
                                  measures="征收补偿协议签订后组织挂牌出让"),
                  "规划许可": dict(due=D("2026-05-15"), done=D("2026-05-12")),
                  "施工许可": dict(due=D("2026-06-05"), done=D("2026-06-03"))},
         problems=[dict(raised=D("2026-03-10"), text="土地征收补偿协议未全部签订",
                        unit="zrzy", due=D("2026-04-30"), resolved=D("2026-04-22"))]),
    dict(unit="gyyq", category="制造业", name="高性能电解铜箔项目",
         investment=110000, land=90, sector="产业转型", chain="铜基新材料",
         investor="铖宇铜箔科技有限公司",
         signed=D("2025-03-18"), started=D("2025-05-20"), completed=D("2026-06-10"),
         operating=D("2026-09-08")),
    dict(unit="gyyq", category="工业", name="工业固废综合利用项目",
         investment=9000, land=18, special=True, sector="产业转型", chain="节能环保",
         investor="青禾环境资源有限公司",
         signed=D("2026-02-10"), started=D("2026-06-03"),
         plan=dict(start=D("2026-06-30"), complete=D("2027-03-31"), operate=D("2027-05-31"))),
    dict(unit="gyyq", category="工业", name="化工新材料中间体项目",
         investment=40000, land=45, sector="产业转型", chain="新材料",
         investor="昊辰化工科技有限公司",
         stage="洽谈", anchor=D("2025-06-12"), terminated=D("2025-09-18"),
         reason="经要素研判，项目单位能耗强度超出园区准入标准，不予引进，清退出库"),
    dict(unit="gyyq", category="制造业", name="智能装备再制造项目",
         investment=22000, land=28, sector="产业转型", chain="高端装备",
         investor="复锐智能装备有限公司",
         stage="谋划", anchor=D("2026-11-06")),
    # ----------------------------------------------------------- chengguan
    dict(unit="chengguan", category="商业", name="城南商业综合体项目",
         investment=65000, land=45, sector="社会民生", chain="商贸服务",
         investor="云岫置业有限公司",
         signed=D("2025-08-19"), started=D("2025-11-18"), nov_report=True,
         plan=dict(start=D("2025-11-30"), complete=D("2027-10-31"), operate=D("2027-12-31")),
         problems=[dict(raised=D("2025-12-03"), text="地块内遗留通信及燃气管线迁改",
                        unit="chengguan", due=D("2026-01-30"), resolved=D("2026-01-23"))]),
    dict(unit="chengguan", category="文旅", name="古城文化街区提升项目",
         investment=32000, land=20, sector="社会民生", chain="文化旅游",
         investor="望川文旅发展有限公司",
         signed=D("2026-03-24"), started=D("2026-07-08"),
         plan=dict(start=D("2026-07-31"), complete=D("2027-10-31"), operate=D("2027-12-31")),
         # late: 电力接入 due 2026-06-26, done 2026-07-01
         ms_over={"电力接入": dict(due=D("2026-06-26"), done=D("2026-07-01"),
                                  measures="供电公司调整施工计划，增派施工班组")}),
    dict(unit="chengguan", category="养老", name="青岚颐养中心项目",
         investment=12000, land=15, sector="社会民生", chain="健康养老",
         investor="仁和颐养服务有限公司",
         signed=D("2025-05-13"), started=D("2025-07-15"), completed=D("2026-03-30"),
         operating=D("2026-05-20")),
    dict(unit="chengguan", category="服务业", name="城市数字经济服务中心项目",
         investment=5000, land=0, sector="科技创新", chain="数字经济",
         investor="衡数信息技术有限公司", source="beijing",
         # overdue: signed 2026-11-12, not filed (due 2026-11-17)
         signed=D("2026-11-12"), chain_upto="signed"),
    dict(unit="chengguan", category="养老", name="社区嵌入式养老服务网点项目",
         investment=2000, land=0, sector="社会民生", chain="健康养老",
         investor="暖阳社区养老服务有限公司",
         signed=D("2025-07-08"), started=D("2025-08-20"), completed=D("2025-12-18"),
         operating=D("2026-01-15")),
    dict(unit="chengguan", category="商业", name="城北连锁超市旗舰店项目",
         investment=6000, land=0, sector="社会民生", chain="商贸服务",
         investor="佳禾商贸连锁有限公司",
         stage="审批", anchor=D("2026-09-22")),
    dict(unit="chengguan", category="服务业", name="城市精品酒店项目",
         investment=15000, land=10, sector="社会民生", chain="商贸服务",
         investor="栖云酒店管理有限公司",
         signed=D("2025-06-24"), terminated=D("2026-04-16"),
         reason="投资方资金链断裂，签约后长期未开工，经联席会议研究予以清退，收回项目用地",
         plan=dict(start=D("2026-06-30"), complete=D("2027-06-30"), operate=D("2027-09-30")),
         stall_from=(2026, 3),
         problems=[dict(raised=D("2026-01-13"), text="投资方建设资金未按协议到位",
                        unit="chengguan", due=D("2026-04-30"))]),
    dict(unit="chengguan", category="文旅", name="城市文化演艺中心项目",
         investment=8000, land=0, sector="社会民生", chain="文化旅游",
         investor="乐弦文化传媒有限公司",
         stage="洽谈", anchor=D("2026-10-13")),
    # --------------------------------------------------------------- linhe
    dict(unit="linhe", category="文旅", name="临河湿地生态旅游度假区项目",
         investment=130000, land=260, sector="社会民生", chain="文化旅游",
         investor="碧澜文旅投资有限公司", source="beijing",
         signed=D("2025-10-21"), started=D("2026-04-08"), nov_report=True,
         plan=dict(start=D("2026-04-30"), complete=D("2028-06-30"), operate=D("2028-09-30")),
         problems=[
             dict(raised=D("2026-05-12"), text="景区道路占用林地审批",
                  unit="zrzy", due=D("2026-07-31"), resolved=D("2026-07-17")),
             # overdue: due 2026-11-10, not resolved
             dict(raised=D("2026-10-13"), text="施工临时用电变压器增容未完成",
                  unit="grid", due=D("2026-11-10")),
         ]),
    dict(unit="linhe", category="康养", name="临河温泉康养小镇项目",
         investment=80000, land=48, sector="社会民生", chain="健康养老",
         investor="汤泉康养产业发展有限公司",
         signed=D("2026-04-21"),
         plan=dict(start=D("2026-09-30"), start_extended_to=D("2026-12-31"),
                   start_extension_ref="联席会议纪要〔2026〕5号",
                   complete=D("2028-06-30"), operate=D("2028-09-30")),
         ms_over={"施工许可": dict(due=D("2026-12-18"), done=None),
                  "用水供给": dict(due=D("2026-12-25"), done=None),
                  "电力接入": dict(due=D("2026-12-25"), done=None)},
         stall_note="温泉采矿权出让手续未办结，经联席会议研究开工时间调整至2026年12月底",
         problems=[dict(raised=D("2026-08-18"), text="温泉采矿权出让手续未办结",
                        unit="zrzy", due=D("2026-12-15"))]),
    dict(unit="linhe", category="农业", name="高标准设施农业产业园项目",
         investment=16000, land=0, sector="产业转型", chain="现代农业",
         investor="丰穗农业科技有限公司",
         signed=D("2025-04-22"), started=D("2025-06-10"), completed=D("2025-12-26"),
         operating=D("2026-03-18")),
    dict(unit="linhe", category="农业", name="农产品冷链加工项目",
         investment=11000, land=22, sector="产业转型", chain="现代农业",
         investor="鲜达农产品供应链有限公司",
         # due-soon: signed 2026-11-18, filing due 2026-11-23
         signed=D("2026-11-18"), chain_upto="signed"),
    dict(unit="linhe", category="文旅", name="临河水上运动基地项目",
         investment=6000, land=8, sector="社会民生", chain="文化旅游",
         investor="逐浪体育文化有限公司",
         stage="研判", anchor=D("2026-11-10")),
    dict(unit="linhe", category="农业", name="生态鱼种苗繁育基地项目",
         investment=3500, land=0, sector="产业转型", chain="现代农业",
         investor="渔泽水产科技有限公司",
         stage="谋划", anchor=D("2026-09-08")),
    dict(unit="linhe", category="文旅", name="临河乡村民宿集群项目",
         investment=4500, land=12, sector="社会民生", chain="文化旅游",
         investor="山语民宿管理有限公司",
         stage="洽谈", anchor=D("2026-03-10"), terminated=D("2026-07-14"),
         reason="投资方调整投资布局，主动终止洽谈"),
    # ------------------------------------------------------------- shiqiao
    dict(unit="shiqiao", category="工业", name="石材精深加工产业园项目",
         investment=26000, land=40, sector="产业转型", chain="石材",
         investor="磐固石业有限公司",
         signed=D("2025-11-11"), started=D("2026-03-16"),
         plan=dict(start=D("2026-03-31"), complete=D("2027-05-31"), operate=D("2027-07-31")),
         problems=[
             dict(raised=D("2026-04-14"), text="厂区排水沟渠穿越村道需协调",
                  unit="shiqiao", due=D("2026-05-29"), resolved=D("2026-05-20")),
             # overdue: 督办 issued 2026-11-10, no reply (due 2026-11-13)
             dict(raised=D("2026-10-27"), text="石料运输道路占用林地手续未办结",
                  unit="zrzy", due=D("2026-12-18"),
                  notice=dict(no="督办〔2026〕9号", issued=D("2026-11-10"))),
         ]),
    dict(unit="shiqiao", category="康养", name="中医药康养基地项目",
         investment=42000, land=38, sector="社会民生", chain="中医药",
         investor="杏林康养产业有限公司",
         # late: filed 2026-05-15, 4 working days after signing (due 2026-05-14)
         signed=D("2026-05-11"), filed=D("2026-05-15"), started=D("2026-09-15"),
         plan=dict(start=D("2026-09-30"), complete=D("2027-12-31"), operate=D("2028-03-31")),
         problems=[dict(raised=D("2026-06-16"), text="康养楼宇用地涉及林地占用审批",
                        unit="zrzy", due=D("2026-08-14"), resolved=D("2026-08-07"))]),
    dict(unit="shiqiao", category="农业", name="道地中药材种植加工项目",
         investment=8500, land=18, special=True, sector="产业转型", chain="中医药",
         investor="本草源药业有限公司",
         signed=D("2025-07-22"), started=D("2025-10-14"), completed=D("2026-08-27"),
         plan=dict(operate=D("2027-03-31"))),
    dict(unit="shiqiao", category="商业", name="农村电商物流园项目",
         investment=7200, land=16, sector="基础设施", chain="农村电商",
         investor="乡通电子商务有限公司",
         signed=D("2025-06-10"), started=D("2025-08-05"), completed=D("2026-02-10"),
         operating=D("2026-04-09")),
    dict(unit="shiqiao", category="农业", name="特色农产品深加工项目",
         investment=12500, land=25, sector="产业转型", chain="现代农业",
         investor="谷丰食品有限公司",
         stage="审批", anchor=D("2026-11-04")),
    dict(unit="shiqiao", category="文旅", name="石桥古镇文旅综合开发项目",
         investment=55000, land=65, sector="社会民生", chain="文化旅游",
         investor="古渡文旅集团有限公司",
         stage="研判", anchor=D("2026-06-23")),
    # ------------------------------------------------------------ songling
    dict(unit="songling", category="康养", name="松岭森林康养基地项目",
         investment=38000, land=42, sector="社会民生", chain="森林康养",
         investor="翠屏康养旅游有限公司",
         signed=D("2025-12-16"), started=D("2026-05-19"),
         plan=dict(start=D("2026-05-31"), complete=D("2027-10-31"), operate=D("2027-12-31")),
         # overdue: the 2026-10 monthly report is missing
         skip_reports=["2026-10"],
         problems=[dict(raised=D("2026-07-08"), text="康养步道及木屋占用林地审批",
                        unit="zrzy", due=D("2026-09-30"), resolved=D("2026-09-24"))]),
    dict(unit="songling", category="工业", name="松岭山地光伏发电项目",
         investment=46000, land=0, sector="基础设施", chain="光伏",
         investor="峰能新能源开发有限公司",
         signed=D("2026-04-14"), started=D("2026-07-21"),
         plan=dict(start=D("2026-07-31"), complete=D("2027-06-30"), operate=D("2027-08-31")),
         problems=[dict(raised=D("2026-08-12"), text="升压站接入系统方案待市级供电部门批复",
                        unit="grid", due=D("2026-12-31"))]),
    dict(unit="songling", category="农业", name="林下经济示范基地项目",
         investment=5000, land=0, sector="产业转型", chain="现代农业",
         investor="林蕴生态农业有限公司",
         signed=D("2026-09-22"),
         plan=dict(start=D("2027-03-31"), complete=D("2027-12-31"), operate=D("2028-03-31"))),
    dict(unit="songling", category="养老", name="松岭精品养老公寓项目",
         investment=9000, land=24, sector="社会民生", chain="健康养老",
         investor="福寿康养服务有限公司",
         stage="洽谈", anchor=D("2026-07-07")),
    dict(unit="songling", category="农业", name="高山有机茶园项目",
         investment=3000, land=0, sector="产业转型", chain="现代农业",
         investor="云雾茶业有限公司",
         signed=D("2025-08-26"), started=D("2025-10-21"), completed=D("2026-07-30"),
         plan=dict(operate=D("2027-03-31"))),
]

# ---------------------------------------------------------------------------
# People (fictional)
# ---------------------------------------------------------------------------
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤")
GIVEN = ("建国 志强 海涛 晓东 丽娟 明华 文军 红梅 玉兰 秀英 振宇 思远 立新 爱民 雪峰 春燕 国庆 永胜 "
         "宏伟 佳琪 若彤 浩然 子涵 雨欣 俊杰 静怡 瑞霖 婉清 家豪 德胜 学良 海宁 红霞 卫东 建华 桂芳 "
         "少华 志刚 永红 立军 晓敏 慧玲 国强 亚楠 新民 文静 晓峰 春生 玉梅 金龙 淑珍 宇航 欣怡 "
         "军 磊 勇 静 敏 伟 燕 涛 斌 超 鹏 芳 杰 琳 峰").split()
SERVICE_STAFF = ["吕晓燕", "邵一鸣", "龚海宁", "黎佩珊", "段志远"]  # 县招商服务中心


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def phone(rng: random.Random) -> str:
    return "138" + "".join(str(rng.randrange(10)) for _ in range(8))


# ---------------------------------------------------------------------------
# Text pools
# ---------------------------------------------------------------------------
WORK_INDUSTRIAL = ["场地平整及桩基施工", "主体厂房基础施工", "厂房钢结构吊装", "主体厂房封顶",
                   "生产设备采购及进场", "设备安装", "配套设施及厂区道路施工", "附属用房装修及设备调试"]
WORK_BUILDING = ["场地平整及基础施工", "地下室及主体结构施工", "主体结构施工", "主体结构封顶",
                 "外立面及幕墙施工", "室内装修", "园林景观及配套设施施工", "设备安装调试"]
WORK_AGRI = ["土地平整及道路修建", "灌溉管网铺设", "温室大棚主体建设", "冷库及加工车间建设",
             "设备安装", "种苗定植及基地配套建设"]
WORK_SOLAR = ["场区道路及支架基础施工", "光伏支架安装", "光伏组件安装", "集电线路施工",
              "升压站土建施工", "升压站电气设备安装"]

PRE_START_EXTRA = ["完成初步设计", "完成岩土勘察", "完成施工图设计", "完成施工招标",
                   "施工队伍进场前准备", "完成地上附着物清点"]


def work_list(p: dict) -> list[str]:
    if "光伏" in p["name"] and p["category"] == "工业" and not p["land"]:
        return WORK_SOLAR
    if p["category"] in INDUSTRIAL:
        return WORK_INDUSTRIAL
    if p["category"] == "农业":
        return WORK_AGRI
    return WORK_BUILDING


MS_ORDER = ["项目备案", "能耗指标", "环境影响评估", "土地供应", "规划许可", "施工许可",
            "电力接入", "用水供给", "开工入统", "项目竣工"]
MS_MEASURES = {
    "项目备案": "企业提交备案材料，发改局即收即办",
    "能耗指标": "发改局统筹调剂能耗指标，组织节能审查",
    "环境影响评估": "企业委托编制环评报告，生态环境分局提前指导",
    "土地供应": "自然资源局加快组卷报批，按时组织挂牌出让",
    "规划许可": "自然资源局并联审查设计方案",
    "施工许可": "推行容缺受理，施工图联审",
    "电力接入": "供电公司制定专项接电方案，同步建设配套线路",
    "用水供给": "协调水务公司铺设供水管网",
    "开工入统": "发改局、统计局指导企业开工入统",
    "项目竣工": "按月调度，倒排工期",
}


SHORT = {"kfq": "开发区管委会", "gyyq": "园区管委会", "chengguan": "城关镇政府",
         "linhe": "临河镇政府", "shiqiao": "石桥镇政府", "songling": "松岭乡政府",
         "fgj": "县发改局", "zrzy": "县自然资源局", "sthj": "生态环境分局", "grid": "县供电公司"}


def ms_unit(item: str, p: dict) -> str:
    return {"项目备案": "fgj", "能耗指标": "fgj", "环境影响评估": "sthj", "土地供应": "zrzy",
            "规划许可": "zrzy", "电力接入": "grid", "开工入统": "fgj"}.get(item, p["unit"])


# ---------------------------------------------------------------------------
# Derivation
# ---------------------------------------------------------------------------
EARLIEST = date(2025, 1, 6)


def between(rng: random.Random, a: date, b: date, lo: float, hi: float) -> date:
    span = (b - a).days
    return a + timedelta(days=int(span * rng.uniform(lo, hi)))


def derive_pre(rng: random.Random, p: dict, upto: str, anchor: date) -> dict:
    """Dates proposed..upto (the anchor stage), spread over a few months."""
    order = ["proposed", "negotiating", "assessed", "approved", "signed"]
    k = order.index(upto)
    if k == 0:
        return {"proposed": anchor}
    span_days = rng.randint(35, 55) * k + rng.randint(0, 30)
    start = snap_fwd(max(EARLIEST, anchor - timedelta(days=span_days)))
    d: dict[str, date] = {"proposed": start}
    base = {1: [], 2: [0.4], 3: [0.3, 0.65], 4: [0.2, 0.5, 0.85]}[k]
    prev = start
    for key, f in zip(order[1:k], base):
        x = snap_fwd(between(rng, start, anchor, f - 0.06, f + 0.06))
        x = min(max(x, prev), anchor)
        d[key] = x
        prev = x
    d[upto] = anchor
    return d


def fix_pre_sign(rng: random.Random, d: dict, signed: date) -> None:
    """legal_review between approved and signed; approved close to signed."""
    d["approved"] = min(d["approved"], sub_wd(signed, 2))
    if d["approved"] < d["assessed"]:
        d["assessed"] = d["approved"]
    lr = add_wd(d["approved"], rng.randint(1, 3))
    if lr >= signed:
        lr = sub_wd(signed, 1)
    d["legal_review"] = max(lr, d["approved"])


def approvals_for(rng: random.Random, p: dict, d: dict) -> list[dict]:
    steps = required_steps(p["unit"], p["category"], p["land"], p.get("special", False))
    steps = p.get("extra_steps", []) + steps
    ap, asd = d["approved"], d["assessed"]
    n = len(steps)
    # last step on `approved`, earlier ones spaced backwards, never before `assessed`
    dates = [ap]
    cur = ap
    for _ in range(n - 1):
        cur = max(sub_wd(cur, rng.randint(1, 5)), asd)
        dates.append(cur)
    dates.reverse()
    out = []
    for s, on in zip(steps, dates):
        e = dict(step=s, on=on)
        ref = None
        if s == "县长办公会议审议":
            ref = f"县长办公会议纪要〔{on.year}〕{rng.randint(3, 28)}号"
        elif s == "县委常委会审议":
            ref = f"县委常委会会议纪要〔{on.year}〕{rng.randint(4, 40)}号"
        elif s == "领导小组审议":
            ref = f"开发区招商引资领导小组会议纪要〔{on.year}〕{rng.randint(2, 15)}号"
        elif s == "开发区审批":
            ref = f"青开管审〔{on.year}〕{rng.randint(10, 90)}号"
        if ref:
            e["ref"] = ref
        out.append(e)
    return out


def build_project(rng: random.Random, p: dict) -> dict:
    r: dict = {}
    signed = p.get("signed")
    stage = p.get("stage")
    d: dict[str, date] = {}
    if signed:
        d = derive_pre(rng, p, "signed", signed)
        fix_pre_sign(rng, d, signed)
    else:
        key = {"谋划": "proposed", "洽谈": "negotiating", "研判": "assessed",
               "审批": "approved"}[stage]
        d = derive_pre(rng, p, key, p["anchor"])
        if stage == "审批":
            lr = add_wd(d["approved"], rng.randint(2, 6))
            if lr <= AS_OF:
                d["legal_review"] = lr
    if p.get("terminated"):
        d["terminated"] = p["terminated"]

    # ---- post-signing chain
    upto = p.get("chain_upto", "all")
    if signed:
        if upto != "signed":
            d["filed"] = p.get("filed") or add_wd(signed, rng.randint(1, 3))
        if upto == "all":
            d["plan_issued"] = add_wd(d["filed"], rng.randint(2, 5))
            d["kickoff"] = add_wd(d["plan_issued"], rng.randint(2, 5))
        if upto != "signed":
            if p.get("platform"):
                d["platform"] = p["platform"]
            else:
                pf = snap_fwd(signed + timedelta(days=rng.randint(6, 24)))
                if pf > add_month(signed):
                    pf = snap_back(add_month(signed))
                d["platform"] = pf
        for k in ("started", "completed", "operating"):
            if p.get(k):
                d[k] = snap_fwd(p[k])

    # ---- plan targets
    plan: dict = {}
    if "plan_issued" in d:
        given = dict(p.get("plan", {}))
        if "start" not in given:
            given["start"] = month_end(d["started"].year, d["started"].month)
        if "complete" not in given:
            c = d.get("completed")
            given["complete"] = plus_months_end(c, rng.randint(0, 1)) if c else None
        if "operate" not in given:
            o = d.get("operating")
            given["operate"] = plus_months_end(o, rng.randint(0, 1)) if o else None
        for k in ("start", "start_extended_to", "start_extension_ref", "complete", "operate"):
            if given.get(k) is not None:
                plan[k] = given[k]

    # ---- approvals
    approvals = approvals_for(rng, p, d) if "approved" in d else []

    # ---- milestones
    milestones = build_milestones(rng, p, d, plan) if plan else []

    # ---- problems (given by hand)
    problems = p.get("problems", [])

    # ---- reports
    reports = build_reports(rng, p, d, plan, milestones, problems) if "signed" in d else []

    # ---- people
    u = UNIT_BY_ID[p["unit"]]
    r["name"] = p["name"]
    r["category"] = p["category"]
    r["sector"] = p["sector"]
    r["chain"] = p["chain"]
    r["unit"] = p["unit"]
    if p.get("source"):
        r["source"] = p["source"]
    r["investment_wan"] = p["investment"]
    if p["land"]:
        r["land_mu"] = p["land"]
    if p.get("special"):
        r["special_policy"] = True
    r["investor"] = p["investor"]
    stage_idx = max(i for i, k in enumerate(["proposed", "negotiating", "assessed", "approved",
                                                 "signed", "started", "completed", "operating"])
                    if k in d)
    if stage_idx >= 1:
        r["leader"] = "陈立群" if p["investment"] >= 100000 else u["leader"]
        r["owner"] = person(rng)
    r["contact"] = person(rng)
    if stage_idx >= 4:
        r["service"] = rng.choice(SERVICE_STAFF)
        r["legal_rep"] = person(rng)
    r["phone"] = phone(rng)
    if d.get("terminated"):
        r["terminated_reason"] = p["reason"]
    return dict(rec=r, dates=d, plan=plan, approvals=approvals, milestones=milestones,
                reports=reports, problems=problems)


def build_milestones(rng: random.Random, p: dict, d: dict, plan: dict) -> list[dict]:
    items = ["项目备案"]
    ind = p["category"] in INDUSTRIAL
    if ind:
        items.append("能耗指标")
    if ind or p["land"] >= 30 or rng.random() < 0.5:
        items.append("环境影响评估")
    if p["land"]:
        items += ["土地供应", "规划许可"]
    items += ["施工许可", "电力接入"]
    if p["land"] or rng.random() < 0.6:
        items.append("用水供给")
    items += ["开工入统", "项目竣工"]
    items = [x for x in MS_ORDER if x in items]
    over = p.get("ms_over", {})

    pi = d["plan_issued"]
    pre_end = d.get("started") or plan.get("start_extended_to") or plan["start"]
    pre = [x for x in items if x not in ("开工入统", "项目竣工")]
    out = []
    first = add_wd(pi, 3)
    span = (pre_end - first).days
    for i, item in enumerate(pre):
        due = first + timedelta(days=int(span * (i + 1) / len(pre)))
        due = snap_back(due)
        out.append(dict(item=item, due=max(due, first)))
    start_ref = d.get("started") or plan.get("start_extended_to") or plan["start"]
    out.append(dict(item="开工入统", due=plus_months_end(start_ref, 1)))
    out.append(dict(item="项目竣工", due=plan["complete"]))

    term = d.get("terminated")
    for m in out:
        item, due = m["item"], m["due"]
        m["unit"] = ms_unit(item, p)
        done = None
        if item == "项目竣工":
            done = d.get("completed")
        elif item == "开工入统":
            if d.get("started"):
                dd = snap_fwd(d["started"] + timedelta(days=rng.randint(5, 20)))
                done = dd if dd <= AS_OF else None
                if done and done > due:
                    done = snap_back(due)
        else:
            if d.get("started") or due <= AS_OF:
                dd = snap_back(due - timedelta(days=rng.randint(0, 12)))
                dd = max(dd, add_wd(pi, 1))
                if d.get("started"):
                    dd = min(dd, d["started"])
                done = dd if dd <= AS_OF else None
            if term and due > term:
                done = None
        m["done"] = done
        if rng.random() < 0.35 or item in ("土地供应", "电力接入"):
            m["measures"] = MS_MEASURES[item]
        o = over.get(item)
        if o:
            for k, v in o.items():
                m[k] = v
    # nothing unintended inside the due-soon window: such items were done early
    for m in out:
        end = m.get("extended_to") or m["due"]
        if m["done"] is None and AS_OF <= end <= DUE_SOON_END and m["item"] not in over:
            m["done"] = max(snap_back(AS_OF - timedelta(days=rng.randint(1, 8))), add_wd(pi, 1))
    return out


def months_after(d: date, last: tuple[int, int]):
    y, m = next_month(d.year, d.month)
    while (y, m) <= last:
        yield y, m
        y, m = next_month(y, m)


def build_reports(rng, p, d, plan, milestones, problems) -> list[dict]:
    signed = d["signed"]
    stop = d.get("operating") or d.get("terminated")
    last = (2026, 11) if p.get("nov_report") else (2026, 10)
    works = work_list(p)
    inv = p["investment"]
    started, completed = d.get("started"), d.get("completed")
    con_months = []
    if started:
        endc = completed or plan.get("complete")
        con_months = [(started.year, started.month)] + list(months_after(started, (endc.year, endc.month)))
    out = []
    for y, m in months_after(signed, last):
        due = last_wd(y, m)
        if stop and due > stop:
            break
        if f"{y}-{m:02d}" in p.get("skip_reports", []):
            continue
        mend = month_end(y, m)
        mstart = date(y, m, 1)
        rep: dict = {"month": f"{y}-{m:02d}"}
        done_now = [x["item"] for x in milestones if x["done"] and mstart <= x["done"] <= mend]
        pending = [x for x in milestones if not x["done"] or x["done"] >= mstart]
        pending.sort(key=lambda x: x.get("extended_to") or x["due"])
        nxt = [x["item"] for x in pending if x["item"] not in ("开工入统", "项目竣工")][:2]
        invested = None
        stall = p.get("stall_from") and (y, m) >= p["stall_from"]
        if stall:
            rep["planned"] = "督促投资方落实建设资金，启动施工招标"
            rep["actual"] = rng.choice(["投资方建设资金仍未到位，项目处于停滞状态",
                                        "项目未实质推进，镇政府多次约谈投资方"])
        elif not started or mend < started:
            rep["planned"] = ("办理" + "、".join(nxt) + "等前期手续") if nxt else "做好开工前各项准备"
            if done_now:
                rep["actual"] = "已完成" + "、".join(done_now) + ("，" + rng.choice(PRE_START_EXTRA) if rng.random() < 0.5 else "")
            elif nxt:
                rep["actual"] = nxt[0] + rng.choice(["正在办理，申报材料已报送", "材料已受理，正在审查",
                                                    "申报材料正在准备"])
            else:
                rep["actual"] = rng.choice(PRE_START_EXTRA)
            if p.get("stall_note") and mend >= plan["start"]:
                rep["actual"] = p["stall_note"]
            if done_now and "土地供应" in done_now:
                invested = int(inv * rng.uniform(0.05, 0.1))
            elif rng.random() < 0.4:
                invested = int(inv * rng.uniform(0.003, 0.015))
        elif not completed or mend < completed:
            idx = con_months.index((y, m)) if (y, m) in con_months else len(con_months) - 1
            frac = (idx + 1) / max(1, len(con_months))
            w = works[min(len(works) - 1, int(frac * len(works)))]
            w_prev = works[max(0, min(len(works) - 1, int(frac * len(works))) - 1)]
            pct = min(95, max(5, int(round(frac * 100 / 5.0)) * 5))
            rep["planned"] = w
            if idx == 0 and mstart <= started <= mend:
                rep["actual"] = f"{started.month}月{started.day}日正式开工，开展{works[0]}"
            else:
                first = f"{w_prev}已完成，{w}有序推进" if w_prev != w else f"{w}有序推进"
                rep["actual"] = rng.choice([f"{first}，形象进度{pct}%",
                                            f"{w}完成计划的{rng.choice([80, 85, 90, 95, 100])}%",
                                            f"{w}按计划推进，累计形象进度{pct}%"])
            invested = int(inv * 0.8 / max(1, len(con_months)) * rng.uniform(0.7, 1.3))
        else:
            cat = p["category"]
            if cat in INDUSTRIAL:
                rep["planned"] = "设备调试及试生产"
                rep["actual"] = rng.choice(["生产线联动调试，试生产产品合格", "完成竣工验收备案，开展试生产"])
            elif cat == "农业":
                rep["planned"] = "基地试运营"
                rep["actual"] = rng.choice(["完成竣工验收，开展试运营", "首批产品上市，基地试运营正常"])
            else:
                rep["planned"] = "开业筹备及人员招聘"
                rep["actual"] = rng.choice(["完成竣工验收，开展开业筹备", "完成消防验收，招聘员工并组织培训"])
            invested = int(inv * rng.uniform(0.01, 0.03))
        open_probs = [q for q in problems if q["raised"] <= mend
                      and (not q.get("resolved") or q["resolved"] >= mstart)]
        if open_probs:
            rep["problems"] = "；".join(q["text"] for q in open_probs)
            rep["suggestions"] = "；".join(
                "请" + SHORT[q["unit"]] + "于" + f"{q['due'].month}月{q['due'].day}日前" + "协调解决" for q in open_probs)
        elif stall:
            rep["problems"] = "投资方资金链紧张，建设资金未按协议到位"
            rep["suggestions"] = "提请联席会议研究项目处置意见"
        if invested:
            rep["invested_wan"] = max(10, round(invested / 10) * 10)
        out.append(rep)
    return out


# ---------------------------------------------------------------------------
# TOML output
# ---------------------------------------------------------------------------
def tv(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(tv(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {tv(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


DATE_KEYS = ["proposed", "negotiating", "assessed", "approved", "legal_review", "signed",
             "filed", "plan_issued", "kickoff", "platform", "started", "completed",
             "operating", "terminated"]


def render_project(pid: str, b: dict) -> str:
    r, d = b["rec"], b["dates"]
    L = [f"id = {tv(pid)}"]
    for k, v in r.items():
        if k == "terminated_reason":
            continue
        L.append(f"{k} = {tv(v)}")
    L += ["", "[dates]"]
    for k in DATE_KEYS:
        if k in d:
            L.append(f"{k} = {tv(d[k])}")
    if "terminated_reason" in r:
        L.append(f"terminated_reason = {tv(r['terminated_reason'])}")
    if b["plan"]:
        L += ["", "[plan]"]
        for k, v in b["plan"].items():
            L.append(f"{k} = {tv(v)}")
    for a in b["approvals"]:
        L += ["", "[[approvals]]"] + [f"{k} = {tv(v)}" for k, v in a.items()]
    for m in b["milestones"]:
        L += ["", "[[milestones]]"]
        for k in ("item", "unit", "due", "extended_to", "extension_ref", "done", "measures"):
            if m.get(k) is not None:
                L.append(f"{k} = {tv(m[k])}")
    prev_year = None
    for rep in b["reports"]:
        L.append("")
        y, mo = rep["month"].split("-")
        if rep["month"] in ("2026-10", "2026-11") or int(mo) == 1:
            L.append(f"# {int(y)}年{int(mo)}月调度")
        L.append("[[reports]]")
        for k in ("month", "planned", "actual", "problems", "suggestions", "invested_wan"):
            if k in rep:
                L.append(f"{k} = {tv(rep[k])}")
    for q in b["problems"]:
        L += ["", "[[problems]]"]
        for k in ("raised", "text", "unit", "due", "resolved"):
            if q.get(k) is not None:
                L.append(f"{k} = {tv(q[k])}")
        if q.get("notice"):
            n = {k: v for k, v in q["notice"].items() if v is not None}
            L.append(f"notice = {tv(n)}")
    return "\n".join(L) + "\n"


def render_units() -> str:
    L = [f"# {COUNTY}招商引资项目责任单位", ""]
    for u in UNITS:
        L.append("[[unit]]")
        for k in ("id", "name", "kind", "leader", "self_approval_max_mu", "owners"):
            if k in u:
                L.append(f"{k} = {tv(u[k])}")
        L.append("")
    return "\n".join(L)


def render_config() -> str:
    return ("# 青岚县（虚构）招商引资项目台账配置。每一项都可省略，省略时取 README 所列默认值。\n"
            "\n"
            "# 演示数据的报告日期（as-of）；正式使用时删除本行，默认取当天（北京时间）\n"
            f"as_of = {AS_OF.isoformat()}\n"
            "title = \"青岚县招商引资项目台账\"\n"
            "office = \"青岚县招商引资工作领导小组办公室\"\n"
            "\n"
            "[bulletin]\n"
            "prefix = \"青招办\"   # 发文字号：青招办〔2026〕10号\n"
            "\n"
            "# 次年节假日安排发布后（每年11月前后），在此补充：\n"
            "# [calendar]\n"
            "# holidays = [2027-01-01]   # 放假日\n"
            "# workdays = []             # 调休上班日\n")


def generate() -> dict[str, dict]:
    rng = random.Random(SEED)
    built = []
    for p in PROJECTS:
        b = build_project(rng, p)
        built.append(b)
    # ids: year of 谋划入库 + sequence in order of proposed date
    order = sorted(range(len(built)), key=lambda i: (built[i]["dates"]["proposed"], PROJECTS[i]["name"]))
    seq: dict[int, int] = {}
    out = {}
    for i in order:
        y = built[i]["dates"]["proposed"].year
        seq[y] = seq.get(y, 0) + 1
        pid = f"{y}-{seq[y]:03d}"
        out[pid] = dict(built=built[i], spec=PROJECTS[i])
    return out


def main() -> None:
    args = sys.argv[1:]
    global DATA
    if args == ["--overwrite-data"]:
        pass
    elif len(args) == 1 and not args[0].startswith("-"):
        DATA = Path(args[0]).resolve()
        if DATA == (ROOT / "data").resolve():
            raise SystemExit("refusing to overwrite data/: it has hand-written additions "
                             "(see the docstring); pass --overwrite-data if you mean it")
    else:
        raise SystemExit("usage: gen_demo.py OUT | --overwrite-data")
    projects = generate()
    for pid, x in projects.items():
        d = x["built"]["dates"]
        for k, v in d.items():
            if v > AS_OF:
                raise SystemExit(f"{pid}: {k} {v} after as-of")
    DATA.mkdir(exist_ok=True)
    (DATA / "units.toml").write_text(render_units(), encoding="utf-8")
    (DATA / "config.toml").write_text(render_config(), encoding="utf-8")
    pdir = DATA / "projects"
    if pdir.exists():
        shutil.rmtree(pdir)
    for pid in sorted(projects):
        x = projects[pid]
        f = pdir / x["spec"]["unit"] / f"{pid}.toml"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(render_project(pid, x["built"]), encoding="utf-8")
    print(f"wrote {len(projects)} projects, {len(UNITS)} units to {DATA}", file=sys.stderr)


if __name__ == "__main__":
    main()
