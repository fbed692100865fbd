"""The brief as Markdown, to paste into WeChat or DingTalk: the same document as the PDF.

Scraped text is escaped so it cannot become a link, an image, a heading or HTML; only http(s)
addresses become links. Pictures are written as lists (the ownership as "holder → customer",
the timeline as dated lines). Citations are [n] into the sources list at the end.
"""

from __future__ import annotations

import re

from briefing.analysis.changes import Changes
from briefing.rendering.compose import compose
from briefing.rendering.document import (
    Block,
    Bullets,
    Cite,
    Document,
    Inline,
    Ownership,
    Panel,
    Para,
    Run,
    Table,
    Timeline,
    is_linkable,
)
from briefing.models import Dossier

# What Markdown (CommonMark, GFM and the chat apps' dialects) reads as syntax inside a line.
# Escaping only these keeps Chinese text readable when pasted where Markdown is not rendered.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&@])")  # & would start an entity (&#x202E;), @ an e-mail link
_LINE_START = re.compile(r"^([#>+=-]|\d+[.)])")  # a heading, quote, list or rule if it began a line
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)|\b(www)(\.)")  # GFM links bare addresses


def md(text: str, *, lines: bool = False) -> str:
    """Plain text made inert in Markdown: specials escaped, no bare address left linkable, and
    one line (or, with `lines`, its own lines, each escaped as a line start)."""
    if lines:
        return "\n".join(md(line) for line in text.splitlines() if line.strip())
    lead = " " if text[:1].isspace() else ""  # a run's edge spaces separate it from its neighbours
    tail = " " if text[-1:].isspace() and text.strip() else ""
    core = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    core = _AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", core)
    return lead + _LINE_START.sub(r"\\\1", core) + tail  # the start escaped before the space goes back


def render_markdown(dossier: Dossier, *, changes: Changes | None = None) -> bytes:
    return print_markdown(compose(dossier, changes)).encode("utf-8")


def _inline(inline: Inline, lines: bool = False) -> str:
    out = []
    for piece in inline:
        if isinstance(piece, Cite):
            out.append(f" \\[{piece.number}\\]")
            continue
        assert isinstance(piece, Run)
        text = md(piece.text, lines=lines)
        if piece.strong and text.strip():
            # CommonMark closes ** only before a space or punctuation it can see: keep the
            # run's full-width colon (资金：) outside the markers, or they show as asterisks
            core = text.rstrip("：:，, ")
            text = f"**{core}**{text[len(core):]}"
        if piece.link and is_linkable(piece.link):
            text = f"[{text}](<{piece.link}>)"
        out.append(text)
    return "".join(out).strip()


def _items(items: tuple[Inline, ...], numbered: bool) -> list[str]:
    return [f"{n}. {_inline(item)}" if numbered else f"- {_inline(item)}" for n, item in enumerate(items, start=1)]


def _block(block: Block, labels: dict) -> list[str]:  # type: ignore[type-arg]
    if isinstance(block, Para):
        return [_inline(block.inline, lines=True), ""]
    if isinstance(block, Bullets):
        return _items(block.items, block.numbered) + [""]
    if isinstance(block, Panel):
        return [f"**{md(block.title)}**", "", *_items(block.items, block.numbered), ""]
    if isinstance(block, Table):
        def cell(inline: Inline) -> str:
            return _inline(inline).replace("|", "\\|") or " "

        lines = ["| " + " | ".join(md(h) or " " for h in block.header) + " |", "|" + "---|" * len(block.header)]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
        if block.more:
            lines.append(f"| … +{block.more} |" + " |" * (len(block.header) - 1))
        return lines + [""]
    if isinstance(block, Ownership):
        lines = [f"**{md(labels['ownership'])}**{_inline(block.cites)}", ""]
        if block.controller:
            lines.append(f"- {md(labels['own_controller'])}{labels['colon']}{md(block.controller)}")
        if block.parent:
            lines.append(f"- {md(labels['own_parent'])}{labels['colon']}{md(block.parent)}")
        for holder in block.holders:
            stake = f"（{md(holder.stake)}）" if holder.stake else ""
            lines.append(f"- {md(holder.name)}{stake} → {md(block.company)}")
        if block.more:
            lines.append(f"- {md(labels['own_more'].format(n=block.more))}")
        return lines + [""]
    if isinstance(block, Timeline):
        lines = [f"**{_inline(block.caption)}**", ""]
        lines += [f"- {m.date} {md(labels['k_' + m.kind])}{labels['colon']}{md(m.label)}" + (f" \\{m.cite_text[:-1]}\\]" if m.cites else "")
                  for m in block.moments]
        return lines + [""]
    raise TypeError(f"no printer for {type(block).__name__}")


def print_markdown(document: Document) -> str:
    L = document.labels
    lines = [f"# {md(document.company)}", "", f"{md(document.title)} · {md(document.built)}", ""]
    lines += [md(line) for line in document.subtitle] + ([""] if document.subtitle else [])
    for block in document.glance:
        lines += _block(block, L)
    for section in document.sections:
        lines += [f"{'#' * (section.level + 1)} {md(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block, L)
    lines += [f"## {md(document.sources_title)}", ""]
    lines += [f"- {_inline(line)}" for line in document.source_reports]
    lines.append("")
    for source in document.sources:
        address = f"[{md(source.url)}](<{source.link}>)" if source.link else md(source.url)
        lines.append(f"{source.number}. {md(source.title)} · {address} · {md(source.adapter)} · {md(source.fetched_at)} · {md(source.status)}")
    return "\n".join(lines).rstrip() + "\n"
