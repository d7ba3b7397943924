"""Tiny plan files written from inline rows, the way the extracted PDF table looks."""

from __future__ import annotations

from pathlib import Path

HEADER = (
    "地市", "序号", "抽查任务名称", "抽查事项", "抽查对象范围", "抽查比例及频次",
    "智慧监管(信用风险分类)要求", "抽查检查起止时间", "发起部门", "配合部门", "抽查检查模式",
)
TITLE = "山西省2024年度市场监管领域部门联合双随机抽查工作计划"


def row(*cells: str) -> str:
    return "\t".join(cells)


def plan_text(*rows: str, title: bool = True) -> str:
    lines = ([TITLE, ""] if title else []) + [row(*HEADER), *rows]
    return "\n".join(lines) + "\n"


def write_plan(tmp_path: Path, *rows: str, name: str = "plan.tsv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(plan_text(*rows).encode(encoding))
    return path


FIRST = row("太原市", "1", "对旅行社的双随机抽查", "旅行社经营情况的检查", "旅行社", "不低于5%；1次/年",
            "根据企业信用风险分类结果", "3月—12月", "市文旅局", "市市场监管局", "市抽市查")
