"""`briefing demo` end to end, as a user runs it: a subprocess, no network, a PDF at the printed path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf


def test_demo_builds_a_pdf_through_the_real_http_path(tmp_path):
    env = dict(os.environ, BRIEFING_HOME=str(tmp_path / "home"))
    env.pop("BRIEFING_ALLOW_PRIVATE", None)
    json_out = tmp_path / "demo.json"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "demo", "--json", str(json_out)],
        capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pdf = Path(result.stdout.splitlines()[0])
    assert pdf.is_file() and pdf.is_relative_to(tmp_path / "home")
    assert "http://127.0.0.1:" in result.stderr  # the sample site really was served
    reader = pypdf.PdfReader(str(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("江苏恒远环保工程有限公司", "张建华", "董事长", "盐城市滨海临港化工园区污水处理厂扩建工程", "2024-04-28"):
        assert expected in text
    import json

    dossier = json.loads(json_out.read_text("utf-8"))
    assert dossier["sources"][0]["status"] == "ok" and dossier["sources"][0]["pages"] >= 8
    assert dossier["sources"][1]["adapter"] == "registry" and dossier["sources"][1]["status"] == "ok"
    saved_from = "https://www.qcc.com/firm/3f7a1c2e9b8d4e6f0a1b2c3d4e5f6a7b.html"
    for item in dossier["executives"]:
        assert item["source"]["url"].startswith("http://127.0.0.1:") or item["source"]["url"] == saved_from
    # the saved registry page: the group's 86% and the low paid-in capital make the assessment
    assert dossier["registration"]["paid_in_capital"]["value"]["value"] == 15_000_000
    assert "江苏恒远控股集团有限公司" in dossier["funding"]["conclusion"]
    assert "资金来源判断" in text.replace("\n", "")
    # the saved 中标结果公告 and the website's case are one project with both sources
    notice = next(p for p in dossier["projects"] if p.get("number") == "JSZC-320922-BHLG-G2024-0007")
    assert notice["winner"] == "江苏恒远环保工程有限公司" and notice["amount"]["value"] == 186_000_000
    assert {s["adapter"] for s in dossier["sources"]} == {"site", "registry", "wechat", "tenders", "notes"}
    assert len(dossier["notes"]) == 7 and dossier["notes"][0]["author"].startswith("王建军")
