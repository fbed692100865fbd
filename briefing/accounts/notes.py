"""The team's notes on one account: a Markdown file the salesperson owns, only ever appended to.

    # 江苏恒远环保工程有限公司 · 内部笔记

    ## 2026-11-20 王经理（直属领导）
    - 资金：扩建项目资金来自集团专项拨款，已批。
    - 决策人：张建华董事长拍板；李明总经理对我们态度积极。

    ## 2026-11-28 张三（拜访答复）
    - 采购流程：下月立项，明年一季度公开招标。

Each `##` heading is one conversation: the day and who said it (any order; 2026-11-20,
2026/11/20 or 2026年11月20日). Each list item or paragraph under it is one note; a leading
"topic：" (资金, 决策人, 采购流程... or the English key) files it under a topic of the visit plan.
A heading marked （拜访答复）/(debrief) holds what the customer answered in a visit: the next
brief stops asking those questions. Parsing is pure; `append` writes atomically, under the file's lock.

With a shared store (PostgreSQL), the notes are rows of its `notes` table instead, one INSERT
each (`record_shared`), so every colleague's build reads them (`stored_facts`); a notes file is
imported into it (`import_file`: a note already there is not doubled) and exported back in the
file's format (`export_text`).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

from briefing.errors import OutputError, UsageError
from briefing.models import DateValue, Fact, Note, Provenance
from briefing.store.files import locked, make_folder, write_atomic
from briefing.store.records import StoredNote
from briefing.words import TOPIC_NAMES

# topic key -> the words a note may start with. Keys match the visit plan's question topics.
TOPICS: dict[str, tuple[str, ...]] = {
    "funding": ("资金", "资金情况", "资金来源", "预算", "funding", "money", "budget"),
    "decision": ("决策人", "决策链", "关键人", "拍板", "decision", "decision makers"),
    "procurement": ("采购流程", "决策流程", "流程", "进展", "采购", "process", "procurement"),
    "feasibility": ("可行性", "feasibility"),
    "competition": ("竞争", "竞争对手", "competition", "competitors"),
    "projects": ("合作", "合作往来", "往来", "项目", "历史合作", "cooperation", "projects", "history"),
    "pain": ("痛点", "需求", "pain", "needs"),
    "contacts": ("联系人", "联系方式", "contacts", "contact"),
    "attitude": ("态度", "attitude"),
    "ideas": ("合作思路", "想法", "行业合作", "ideas"),
    "relationship": ("关系", "下一步", "relationship", "next step"),
}
ANSWERED = "拜访答复"
MAX_NOTE = 2000  # characters of one note

_HEADING = re.compile(r"^##[ \t]+(?P<text>.*)$")  # trailing #s stripped in code: a lazy pattern here backtracks badly
_OTHER_HEADING = re.compile(r"^(?:#|#{3,6})[ \t]")  # the title (#) or a deeper heading: not a note
_FENCE = re.compile(r"^\s*(```|~~~)")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.年])\s*(?P<m>\d{1,2})\s*(?:[-/.月])\s*(?P<d>\d{1,2})\s*日?")
_ANSWER_MARK = re.compile(r"[（(]\s*(?:拜访答复|debrief)\s*[)）]", re.I)
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)、])\s+")
_LABEL = re.compile(r"^\s*(?:\[(?P<bracket>[^\]]{1,20})\]|(?P<word>[^：:\n]{1,20}?)\s*[：:])\s*")


@dataclass(frozen=True)
class Entry:
    """One note as written: the parse of a file is a list of these, in file order."""

    text: str
    author: str
    said_on: str  # ISO date, or ""
    topic: str
    answered: bool
    line: int  # 1-based line of the note in the file


def topic_of(word: str) -> str | None:
    """The topic key a label names (资金, Funding, funding...), or None."""
    word = word.strip().lower()
    for key, words in TOPICS.items():
        if word == key or word in (w.lower() for w in words):
            return key
    return None


def parse(text: str) -> list[Entry]:
    """Every note in a notes file. Text before the first `##` heading has no author and is skipped."""
    entries: list[Entry] = []
    author, said_on, answered = "", "", False
    in_entry = False
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal paragraph
        if in_entry and paragraph:
            body = _join(paragraph)
            topic = ""
            label = _LABEL.match(body)
            if label and topic_of(label.group("bracket") or label.group("word") or "") is not None:
                topic = topic_of(label.group("bracket") or label.group("word") or "") or ""
                body = body[label.end():].strip()
            if body:
                entries.append(Entry(body[:MAX_NOTE], author, said_on, topic, answered, start))
        paragraph = []

    fenced = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if _FENCE.match(line):  # a code block is text of a note, never headings
            fenced = not fenced
            continue
        heading = None if fenced else _HEADING.match(line)
        if heading:
            flush()
            author, said_on, answered = _heading(heading.group("text").rstrip("# \t"))
            in_entry = True
            continue
        if not fenced and _OTHER_HEADING.match(line):
            flush()
            continue
        if not line.strip():
            flush()
            continue
        if _ITEM.match(line):
            flush()
            paragraph = [_ITEM.sub("", line)]
            start = number
        else:
            if not paragraph:
                start = number
            paragraph.append(line)
    flush()
    return entries


def _join(lines: list[str]) -> str:
    """Wrapped lines as one: Chinese joins without a space, Latin with one."""
    out = ""
    for part in (p.strip() for p in lines):
        if out and part and not (_CJK.match(out[-1]) or _CJK.match(part[0])):
            out += " "
        out += part
    return out.strip()


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _heading(text: str) -> tuple[str, str, bool]:
    """(author, ISO date, answered) from "2026-11-20 王经理（直属领导）" in any order."""
    answered = bool(_ANSWER_MARK.search(text))
    text = _ANSWER_MARK.sub("", text)
    found = _DATE.search(text)
    said_on = ""
    if found:
        try:
            said_on = date(int(found["y"]), int(found["m"]), int(found["d"])).isoformat()
        except ValueError:
            said_on = ""
        text = text[: found.start()] + text[found.end():]
    text = _TIME.sub("", text)  # "2026.11.20 19:30": the time of day is not part of the name
    author = re.sub(r"^[\s·•|｜,，:：\-–—]+|[\s·•|｜,，:：\-–—]+$", "", text)
    return author[:60], said_on, answered


def facts(entries: list[Entry], page_url: str, fetched_at, content_hash: str) -> list[Note]:  # type: ignore[no-untyped-def]
    """Notes as facts: each cites "notes: who, when", at its own line of the file."""
    out = []
    for entry in entries:
        who = ", ".join(part for part in (entry.author, entry.said_on) if part)
        source = Provenance("notes", f"{page_url}#L{entry.line}", fetched_at, content_hash, f"notes: {who}" if who else "notes")
        said = DateValue(entry.said_on, entry.said_on) if entry.said_on else None
        out.append(Note(entry.text, entry.author, source, said, entry.topic, entry.answered))
    return out


def format_entry(notes: list[tuple[str, str]], *, by: str, on: date, answered: bool = False, language: str = "zh") -> str:
    """A new `##` section holding (topic, text) notes, ready to append."""
    author = clean_author(by)
    if not author:
        raise UsageError("a note needs who said it (--by NAME)")
    return _section(author, on.isoformat(), answered, notes, language)


def _section(author: str, said_on: str, answered: bool, notes: Sequence[tuple[str, str]], language: str) -> str:
    mark = f"（{ANSWERED}）" if answered else ""
    heading = " ".join(part for part in (said_on, author) if part) or "-"  # "## " alone is not read as a heading
    lines = [f"## {heading}{mark}"]
    labels = TOPIC_NAMES["en" if language == "en" else "zh"]
    for topic, text in notes:
        body = _one_line(text)
        if not body:
            continue
        lines.append(f"- {labels[topic]}：{body}" if topic else f"- {body}")
    return "\n".join(lines) + "\n"


def clean_author(by: str) -> str:
    """A name as a heading can hold it: one line, no answer marker (only debrief sets that), no dressing."""
    name = _ANSWER_MARK.sub("", _one_line(by))
    return re.sub(r"^[\s·•|｜,，:：\-–—#]+|[\s·•|｜,，:：\-–—#]+$", "", name)[:60]


def _one_line(text: str) -> str:
    # a note is one list item: a line break could start a heading or another item
    return " ".join(str(text).split())[:MAX_NOTE]


def read_answers(text: str, shown: str) -> list[tuple[str, str]]:
    """A debrief file's answers: one per line, "TOPIC：answer" (资金：…, funding: …, "- 资金：…").

    Raises ValueError naming the line when a line names no topic: nothing is recorded then.
    """
    answers = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _ITEM.sub("", raw).strip()
        if not line or line.startswith("#"):
            continue
        label = _LABEL.match(line)
        topic = topic_of(label.group("bracket") or label.group("word") or "") if label else None
        if label is None or topic is None:
            known = "、".join(TOPIC_NAMES["zh"][t] for t in TOPICS)
            raise ValueError(f"{shown}, line {number}: start the line with a topic and a colon, e.g. 资金：预算已批 (topics: {known})")
        answer = line[label.end():].strip()
        if answer:
            answers.append((topic, answer))
    return answers


def record(path: Path, items: list[tuple[str, str]], *, company: str, by: str, on: date, answered: bool = False,
           language: str = "zh") -> Path:
    """Append (topic, text) notes said by `by` on `on` to the account's notes file."""
    append(path, format_entry(items, by=by, on=on, answered=answered, language=language), title=f"{company} · 内部笔记")
    return path


def append(path: Path, section: str, *, title: str) -> None:
    """Append a section to the notes file (creating it with a title), atomically: the earlier
    notes are rewritten whole with the new ones after them, or not at all. The file's lock is held
    from the read to the rename, so notes added at the same moment (two colleagues, two windows)
    wait for each other and all are kept."""
    make_folder(path)
    with locked(path):
        # the owner's write bit, not os.access: root may write anything, but a file marked read-only means "leave it"
        if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
            raise OutputError(f"{path}: the notes file is read-only; nothing was written (make it writable first)")
        try:
            earlier = path.read_bytes() if path.exists() else f"# {title}\n".encode("utf-8")
        except OSError as exc:
            raise OutputError(f"{path}: the notes file could not be read ({exc.strerror or exc}); nothing was written") from None
        try:
            earlier.decode("utf-8")
        except UnicodeDecodeError:
            raise OutputError(f"{path}: the notes file is not UTF-8 text; save it as UTF-8, then add the note again") from None
        if earlier and not earlier.endswith(b"\n"):
            earlier += b"\n"
        write_atomic(path, earlier + b"\n" + section.encode("utf-8"))


# --- the notes in a shared store (briefing.store.postgres: the `notes` table) ---
NoteRow = tuple[str, str, str, str, bool]  # author, said_on (ISO date or ""), topic, text, answered


def record_shared(store: Any, account: str, items: list[tuple[str, str]], *, by: str, on: date, written_at: datetime,
                  answered: bool = False) -> list[int]:
    """Add (topic, text) notes said by `by` on `on` to the shared store, under the account's
    store key; the ids they got. Each is one INSERT: colleagues writing at once all keep theirs."""
    author = clean_author(by)
    if not author:
        raise UsageError("a note needs who said it (--by NAME)")
    rows = [(author, on.isoformat(), topic, body, answered) for topic, text in items if (body := _one_line(text))]
    return list(store.add_notes(account, rows, written_at)) if rows else []


def stored_entries(stored: Sequence[StoredNote]) -> list[Entry]:
    """The store's notes as a notes file's entries (no line: they have none)."""
    return [Entry(n.text, n.author, n.said_on, n.topic, n.answered, 0) for n in stored]


def stored_facts(stored: Sequence[StoredNote], where: str) -> list[Note]:
    """The store's notes as facts: each cites "notes: who, when" at its row, `where`/<id>
    (postgresql://host:port/db#notes/12: no login, no password), written at its time (UTC)."""
    out = []
    for row in stored:
        who = ", ".join(part for part in (row.author, row.said_on) if part)
        digest = "sha256:" + hashlib.sha256(row.text.encode("utf-8")).hexdigest()
        source = Provenance("notes", f"{where}/{row.id}", row.written_at, digest, f"notes: {who}" if who else "notes")
        said = DateValue(row.said_on, row.said_on) if row.said_on else None
        out.append(Note(row.text, row.author, source, said, row.topic, row.answered))
    return out


def besides(known: Sequence[Fact], team: Sequence[Fact]) -> list[Fact]:
    """The store's notes less those the notes file also holds (one imported and kept in the
    file too): the same author, day and text is one note, shown once, from the file."""
    def key(fact: Fact) -> tuple[str, str, str] | None:
        if not isinstance(fact, Note):
            return None
        return fact.author, fact.said_on.value if fact.said_on else "", fact.text

    seen = {key(fact) for fact in known if isinstance(fact, Note)}
    return [fact for fact in team if key(fact) is None or key(fact) not in seen]


def read_file(path: Path) -> list[Entry]:
    """The notes of a notes file, for an import; a UsageError naming the file when it cannot be read."""
    try:
        return parse(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no notes file there (the account's notes file: [sources] notes, else ACCOUNT.notes.md)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read as UTF-8 text ({getattr(exc, 'strerror', None) or exc})") from None


def import_file(store: Any, account: str, path: Path, *, written_at: datetime) -> tuple[int, int]:
    """Copy a notes file's notes into the shared store under the account's key: (added, read).
    A note the store holds already (the same author, day and text) is not added again."""
    entries = read_file(path)
    rows = [(e.author, e.said_on, e.topic, e.text, e.answered) for e in entries]
    return (store.import_notes(account, rows, written_at) if rows else 0), len(entries)


def export_text(stored: Sequence[StoredNote], *, company: str, language: str = "zh") -> str:
    """The store's notes as a notes file (the format `parse` reads back): one `##` section per
    run of notes with the same day, author and answered mark, in the order they were written."""
    sections: list[str] = []
    run: list[StoredNote] = []
    for row in [*stored, None]:
        if run and (row is None or (row.said_on, row.author, row.answered) != (run[0].said_on, run[0].author, run[0].answered)):
            sections.append(_section(run[0].author, run[0].said_on, run[0].answered, [(n.topic, n.text) for n in run], language))
            run = []
        if row is not None:
            run.append(row)
    return "\n".join([f"# {company} · 内部笔记\n", *sections])


def export_to(path: Path, stored: Sequence[StoredNote], *, company: str, language: str = "zh") -> int:
    """Append to the notes file at `path` (creating it) the store's notes it does not hold yet
    (the same author, day and text): a notes file is only ever appended to, so an export never
    loses what only the file holds, and exporting twice adds nothing. How many were added."""
    make_folder(path)
    with locked(path):  # reentrant: `append` takes it again
        try:
            held = {(e.author, e.said_on, e.text) for e in parse(path.read_text("utf-8"))} if path.exists() else set()
        except (OSError, UnicodeDecodeError) as exc:
            raise OutputError(f"{path}: the notes file could not be read ({getattr(exc, 'strerror', None) or exc}); nothing was written") from None
        missing = [row for row in stored if (row.author, row.said_on, row.text) not in held]
        if missing:
            body = export_text(missing, company=company, language=language)
            append(path, body.split("\n", 2)[2], title=f"{company} · 内部笔记")  # the sections, without the title
        elif not path.exists():  # no notes yet: the file is made all the same, as asked
            write_atomic(path, export_text([], company=company, language=language).encode("utf-8"))
    return len(missing)
