"""The visit plan: the team's notes, attendees matched to research, questions, and the debrief."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from briefing.analysis import attendees
from briefing.accounts import notes
from briefing.cli import app
from briefing.accounts.account import load_account
from briefing.rendering.markdown import render_markdown
from briefing.models import Attendee, Company, Dossier, Executive, Note, Provenance, Share, Shareholder, Visit
from briefing.analysis.questions import must_learn, open_topics, questions
from briefing.rendering.pdf import render_pdf

runner = CliRunner()
BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=BEIJING)
REG = Provenance("registry", "https://www.qcc.com/firm/1.html", NOW, "sha256:01")
COMPANY = Company("江苏恒远环保工程有限公司", ("恒远环保",))

NOTES = """# 江苏恒远环保工程有限公司 · 内部笔记

这一段在第一个标题之前：没有作者，不算笔记。

## 2026-11-20 王经理（直属领导）
- 资金：扩建项目资金来自集团专项拨款，已批。
- 决策人：张建华董事长拍板；
  李明总经理对我们态度积极。

## 老陈 · 2026年11月22日
2019年我们给他们供过一批膜组件，
验收顺利, and the customer paid late.

### 附：一个更深的标题，不是笔记

## 2026/11/28 张三（拜访答复）
- [采购流程] 下月立项，明年一季度公开招标。
- Funding: approved, 48 million
"""


def test_notes_are_read_with_their_authors_dates_and_topics():
    entries = notes.parse(NOTES)
    assert [(e.author, e.said_on, e.topic, e.answered) for e in entries] == [
        ("王经理（直属领导）", "2026-11-20", "funding", False),
        ("王经理（直属领导）", "2026-11-20", "decision", False),
        ("老陈", "2026-11-22", "", False),
        ("张三", "2026-11-28", "procurement", True),
        ("张三", "2026-11-28", "funding", True),
    ]
    assert entries[1].text == "张建华董事长拍板；李明总经理对我们态度积极。"  # wrapped Chinese joins without a space
    assert entries[2].text == "2019年我们给他们供过一批膜组件，验收顺利, and the customer paid late."
    assert entries[0].line == 6


def test_a_note_cites_who_said_it_and_when():
    [note] = notes.facts(notes.parse("## 2026-11-20 王经理\n- 资金：已批\n"), "file:///n.md", NOW, "sha256:0")
    assert isinstance(note, Note)
    assert note.source.adapter == "notes" and note.source.title == "notes: 王经理, 2026-11-20"
    assert note.source.url == "file:///n.md#L2" and note.said_on.value == "2026-11-20"


def dossier(*facts, visit=None, language="zh") -> Dossier:
    return Dossier(COMPANY, NOW, tuple(facts), (), visit, language)


def note(text: str, topic: str, answered: bool = False, line: int = 1) -> Note:
    source = Provenance("notes", f"file:///n.md#L{line}", NOW, "sha256:0", "notes: 王经理, 2026-11-20")
    return Note(text, "王经理", source, None, topic, answered)


def by_topic(asked):
    first = {}
    for question in asked:
        first.setdefault(question.topic, question)
    return first


def test_a_question_becomes_a_confirmation_when_the_dossier_gains_the_fact():
    asked = by_topic(questions(dossier()))
    assert not asked["funding"].confirms and not asked["decision"].confirms
    holder = Shareholder("张建华", Share(0.9, "90%"), REG)
    chairman = Executive("张建华", "董事长", REG)
    asked = by_topic(questions(dossier(holder, chairman)))
    assert asked["funding"].confirms and "张建华" in asked["funding"].text and holder in asked["funding"].facts
    assert asked["decision"].confirms and "张建华（董事长）" in asked["decision"].text
    parent = Shareholder("江苏恒远控股集团有限公司", Share(0.86, "86%"), REG)
    asked = by_topic(questions(dossier(parent)))
    assert "江苏恒远控股集团有限公司" in asked["funding"].text and asked["funding"].reason


def test_a_colleagues_note_turns_a_question_into_a_confirmation_of_what_they_said():
    told = note("扩建项目资金来自集团专项拨款", "funding")
    funding = [q for q in questions(dossier(told)) if q.topic == "funding"]
    assert len(funding) == 1  # one confirmation, not the open questions beside it
    assert "扩建项目资金来自集团专项拨款" in funding[0].text and "请确认" in funding[0].text
    assert told in funding[0].facts


def test_an_answered_question_is_not_asked_again():
    answered = note("预算已批", "funding", answered=True)
    asked = questions(dossier(answered))
    assert "funding" not in {q.topic for q in asked}
    assert "funding" not in {q.topic for q in must_learn(asked)}
    assert "funding" not in {topic for topic, _ in open_topics([answered])}


def test_every_question_says_why_it_is_asked():
    for question in questions(dossier()):
        assert question.text and question.reason


VISIT_TEAM = (
    Executive("李明", "总经理、董事", REG),
    Executive("张建华", "董事长", REG),
    Executive("周静", "采购部经理", Provenance("site", "https://x.cn/team", NOW, "sha256:2")),
    Executive("李华", "财务总监", REG),
)


@pytest.mark.parametrize("attendee, expected", [
    (Attendee("李明", "总经理"), "李明"),  # name and title
    (Attendee("李明"), "李明"),  # name without title
    (Attendee("李明总经理"), "李明"),  # title written into the name
    (Attendee("李明 先生"), "李明"),
    (Attendee("张董"), "张建华"),  # surname and address form, one fits
    (Attendee("周经理", dept="采购部"), "周静"),
    (Attendee("李总"), None),  # 李明 (总经理) and 李华 (财务总监) both fit: neither
    (Attendee("王强", "总工程师"), None),  # not in the research
])
def test_attendees_are_matched_with_and_without_titles(attendee, expected):
    d = dossier(*VISIT_TEAM, visit=Visit(NOW, attendees=(attendee,)))
    [found] = attendees.match(d)
    assert (found.executive.name if found.executive else None) == expected


def test_an_attendee_gets_their_departments_interests_and_missing_departments_are_named():
    visit = Visit(NOW, attendees=(Attendee("周静", "采购部经理", "采购部"), Attendee("吴涛", "技术部主任", "技术部")))
    d = dossier(*VISIT_TEAM, visit=visit)
    found = attendees.match(d)
    assert "价格" in found[0].interests and "技术指标" in found[1].interests
    assert attendees.missing_departments(d) == ["财务部", "生产/运营部门"]


def test_notes_come_first_and_answers_are_shown_as_what_we_now_know():
    d = dossier(note("扩建项目资金来自集团专项拨款", "funding", line=1), note("下月立项", "procurement", answered=True, line=2),
                Executive("李明", "总经理", REG), visit=Visit(NOW, attendees=(Attendee("李明", "总经理"),)))
    text = render_markdown(d).decode("utf-8")
    body = text[text.index("## 一、我们已知"):]
    assert body.index("扩建项目资金来自集团专项拨款") < body.index("拜访中了解到") < body.index("下月立项") < body.index("## 二、公开信息")
    asked = text[text.index("## 四、拜访时要问"):]
    assert "采购流程走到哪一步" not in asked and "请确认" in asked
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(d)))
    assert "扩建项目资金来自集团专项拨款" in "".join(p.extract_text() for p in reader.pages).replace("\n", "")


# --- the command line: note and debrief ---

def account_file(tmp_path: Path, notes_line: str = 'notes = "acme-notes.md"') -> Path:
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "江苏恒远环保工程有限公司"\n[sources]\n{notes_line}\n[visit]\nstart = 2026-11-28T09:30:00+08:00\n',
                    encoding="utf-8")
    return path


def test_note_creates_the_file_then_appends(tmp_path):
    path = account_file(tmp_path)
    result = runner.invoke(app, ["note", str(path), "资金来自集团专项拨款", "--by", "王经理", "--topic", "资金", "--on", "2026-11-20"])
    assert result.exit_code == 0, result.output
    file = tmp_path / "acme-notes.md"
    assert file.read_text("utf-8") == "# 江苏恒远环保工程有限公司 · 内部笔记\n\n## 2026-11-20 王经理\n- 资金：资金来自集团专项拨款\n"
    result = runner.invoke(app, ["note", str(path), "李明对我们态度积极\n## 不是标题", "--by", "老陈"])
    assert result.exit_code == 0, result.output
    entries = notes.parse(file.read_text("utf-8"))
    assert [(e.author, e.topic) for e in entries] == [("王经理", "funding"), ("老陈", "")]
    assert entries[1].said_on == date.today().isoformat() and "## 不是标题" in entries[1].text  # one line: never a heading


def test_note_without_a_notes_entry_uses_the_file_beside_the_account_and_the_build_reads_it(tmp_path):
    path = account_file(tmp_path, notes_line="")
    result = runner.invoke(app, ["note", str(path), "下月立项", "--by", "王经理", "--topic", "procurement"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "acme.notes.md").is_file()
    account = load_account(path)
    assert [(s.adapter, Path(s.target).name) for s in account.sources] == [("notes", "acme.notes.md")]


def test_a_bad_topic_or_day_exits_2_and_writes_nothing(tmp_path):
    path = account_file(tmp_path)
    result = runner.invoke(app, ["note", str(path), "x", "--by", "王经理", "--topic", "天气"])
    assert result.exit_code == 2 and "--topic 天气" in result.output and "资金" in result.output
    result = runner.invoke(app, ["note", str(path), "x", "--by", "王经理", "--on", "11/20"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    assert not (tmp_path / "acme-notes.md").exists()


def test_a_notes_file_that_is_not_utf8_is_left_alone(tmp_path):
    path = account_file(tmp_path)
    file = tmp_path / "acme-notes.md"
    file.write_bytes("## 2026-11-20 王经理\n- 资金：已批\n".encode("gb18030"))
    before = file.read_bytes()
    result = runner.invoke(app, ["note", str(path), "x", "--by", "老陈"])
    assert result.exit_code == 3 and "not UTF-8" in result.output
    assert file.read_bytes() == before


def test_debrief_from_a_file_records_answers_and_the_next_brief_stops_asking(tmp_path):
    path = account_file(tmp_path)
    answers = tmp_path / "answers.txt"
    answers.write_text("资金：预算已批，4800 万\n\n- 采购流程：明年一季度集团统一招标\n", encoding="utf-8")
    result = runner.invoke(app, ["debrief", str(path), "--from", str(answers), "--by", "张三", "--on", "2026-11-28"])
    assert result.exit_code == 0, result.output
    entries = notes.parse((tmp_path / "acme-notes.md").read_text("utf-8"))
    assert [(e.topic, e.answered, e.author) for e in entries] == [("funding", True, "张三"), ("procurement", True, "张三")]
    brief = tmp_path / "b.md"
    result = runner.invoke(app, ["build", str(path), "--format", "md", "-o", str(brief)])
    assert result.exit_code == 0, result.output
    text = brief.read_text("utf-8")
    assert "预算已批，4800 万" in text and "拜访中了解到" in text
    asked = text[text.index("## 四、拜访时要问"):]
    assert "资金从哪里来" not in asked and "采购流程走到哪一步" not in asked


def test_debrief_file_with_a_line_naming_no_topic_exits_2_and_records_nothing(tmp_path):
    path = account_file(tmp_path)
    answers = tmp_path / "answers.txt"
    answers.write_text("资金：已批\n他们很热情\n", encoding="utf-8")
    result = runner.invoke(app, ["debrief", str(path), "--from", str(answers), "--by", "张三"])
    assert result.exit_code == 2 and "line 2" in result.output
    assert not (tmp_path / "acme-notes.md").exists()


def test_debrief_asks_one_question_at_a_time_and_skips_empty_answers(tmp_path):
    path = account_file(tmp_path)
    (tmp_path / "acme-notes.md").write_text("## 2026-11-28 张三（拜访答复）\n- 资金：已批\n", encoding="utf-8")
    result = runner.invoke(app, ["debrief", str(path), "--by", "张三", "--on", "2026-11-29"], input="信息中心主任牵头\n\n\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "资金" not in result.output.split("Type each answer")[1].split("\n")[1]  # the answered topic is not asked
    entries = notes.parse((tmp_path / "acme-notes.md").read_text("utf-8"))
    assert [(e.topic, e.text) for e in entries][-1] == ("decision", "信息中心主任牵头")


def test_notes_survive_a_rebuild(tmp_path):
    path = account_file(tmp_path)
    file = tmp_path / "acme-notes.md"
    file.write_text(NOTES, encoding="utf-8")
    before = file.read_bytes()
    for _ in range(2):
        brief = tmp_path / "b.md"
        result = runner.invoke(app, ["build", str(path), "--format", "md", "-o", str(brief)])
        assert result.exit_code == 0, result.output
        assert "扩建项目资金来自集团专项拨款" in brief.read_text("utf-8")
    assert file.read_bytes() == before


def test_a_notes_file_not_written_yet_is_no_error(tmp_path):
    path = account_file(tmp_path)
    brief = tmp_path / "b.md"
    result = runner.invoke(app, ["build", str(path), "--format", "md", "-o", str(brief)])
    assert result.exit_code == 0, result.output
    assert "还没有内部笔记" in brief.read_text("utf-8")


def test_english_brief_labels_notes():
    d = replace(dossier(note("资金来自集团", "funding")), language="en")
    assert "**Funding**: 资金来自集团" in render_markdown(d).decode("utf-8")


# The notes files in fixtures/notes/ are read by the one fixture runner, tests/test_fixtures.py.


# --- what a fresh-eyes review found, each kept as a test ---

@pytest.mark.parametrize("attendee, people", [
    (Attendee("李总", "采购总监"), (Executive("李明", "总经理", REG),)),  # the attendee's own title contradicts
    (Attendee("李总"), (Executive("李强", "总经理助理", REG),)),  # an assistant is not 李总
    (Attendee("李董"), (Executive("李芳", "董事会秘书", REG),)),
    (Attendee("李总"), (Executive("李明", "子公司总经理", REG),)),
    (Attendee("李明", "采购部经理"), (Executive("李明", "董事长", REG),)),  # same name, contradicting title
    (Attendee("李明总经理"), (Executive("李明", "董事长", REG),)),
])
def test_a_match_that_contradicts_is_no_match(attendee, people):
    [found] = attendees.match(dossier(*people, visit=Visit(NOW, attendees=(attendee,))))
    assert found.executive is None


def test_mentions_need_the_whole_name():
    from briefing.models import Article

    src = Provenance("wechat", "https://mp.weixin.qq.com/s/x", NOW, "sha256:3")
    articles = (Article("李明辉当选市人大代表", "https://a.cn/1", src), Article("张李明：我与环保的二十年", "https://a.cn/2", src),
                Article("总经理李明出席签约仪式", "https://a.cn/3", src), Article("Lithium plant opens", "https://a.cn/4", src))
    visit = Visit(NOW, attendees=(Attendee("李明", "总经理"), Attendee("Li")))
    found = attendees.match(dossier(*articles, visit=visit))
    assert [a.title for a in found[0].mentions] == ["总经理李明出席签约仪式"]
    assert found[1].mentions == ()


def test_every_topic_label_round_trips():
    for language in ("zh", "en"):
        for topic in notes.TOPICS:
            section = notes.format_entry([(topic, "内容")], by="张三", on=date(2026, 11, 20), language=language)
            assert [e.topic for e in notes.parse(section)] == [topic], (language, topic)


def test_hashtags_code_blocks_and_times_in_notes():
    text = ("## 2026.11.20 19:30 王经理\n#重点客户# 资金很紧张，年底前不会立项\n\n"
            "```\n## 2026-11-28 假的（拜访答复）\n```\n")
    entries = notes.parse(text)
    assert entries[0].author == "王经理" and entries[0].text == "#重点客户# 资金很紧张，年底前不会立项"
    assert not any(e.answered for e in entries)


def test_a_long_heading_is_parsed_in_linear_time():
    # with the old backtracking pattern, 20,000 spaces would take days: this returning is the test
    [entry] = notes.parse("## 2026-11-20" + " " * 20_000 + "x\n- 资金：已批\n")
    assert entry.author == "x" and entry.topic == "funding"


def test_note_by_cannot_mark_an_answer_and_a_read_only_file_is_left_alone(tmp_path):
    import os

    path = account_file(tmp_path)
    result = runner.invoke(app, ["note", str(path), "资金已批", "--by", "张三（拜访答复）", "--topic", "资金"])
    assert result.exit_code == 0, result.output
    [entry] = notes.parse((tmp_path / "acme-notes.md").read_text("utf-8"))
    assert entry.author == "张三" and not entry.answered
    file = tmp_path / "acme-notes.md"
    os.chmod(file, 0o444)
    try:
        result = runner.invoke(app, ["note", str(path), "x", "--by", "老陈"])
        assert result.exit_code == 3 and "read-only" in result.output
    finally:
        os.chmod(file, 0o644)
    assert runner.invoke(app, ["note", str(path), "x", "--by", "·"]).exit_code == 2
    assert runner.invoke(app, ["debrief", str(path), "--by", "", "--from", str(file)]).exit_code == 2


def test_notes_must_be_a_local_file(tmp_path):
    path = account_file(tmp_path, 'notes = "https://example.com/notes.md"')
    result = runner.invoke(app, ["note", str(path), "x", "--by", "老陈"])
    assert result.exit_code == 2 and "local Markdown file" in result.output
    assert not list(tmp_path.glob("https*"))


def test_debrief_whose_answers_end_early_records_nothing_and_says_how_to_answer_from_a_file(tmp_path):
    path = tmp_path / "acme.toml"
    path.write_text('name = "江苏恒远环保工程有限公司"\n', "utf-8")
    result = runner.invoke(app, ["debrief", str(path), "--by", "张三"], input="信息中心主任牵头\n")  # then the input ends
    assert result.exit_code == 2 and "--from FILE" in result.output
    assert not (tmp_path / "acme.notes.md").exists()
