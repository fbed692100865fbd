"""The brief's two pictures, drawn as vectors with reportlab graphics.

The ownership diagram puts the customer at the bottom, its shareholders (with their stakes on the
arrows) above it, and the parent and the actual controller above them. The timeline is a spine
with the newest projects, news and financing rounds, one row each. Both are plain shapes and
strings: text inside them is never markup, so scraped names cannot make links or images.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.rendering.document import Ownership, Timeline
from briefing.rendering.linebreak import break_lines

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#6b7785")
ACCENT = colors.HexColor("#0b4f8a")
FILLS = {
    "company": colors.HexColor("#e3eefa"),
    "person": colors.HexColor("#e6f4ea"),
    "state": colors.HexColor("#fdecea"),
    "fund": colors.HexColor("#fff4de"),
}
DOTS = {
    "won": colors.HexColor("#1e8e3e"),
    "bought": colors.HexColor("#0b4f8a"),
    "project": colors.HexColor("#5f6b7a"),
    "news": colors.HexColor("#d9822b"),
    "financing": colors.HexColor("#8e44ad"),
}


def _drawing(width: float, height: float, font: str) -> Drawing:
    d = Drawing(width, height)
    d.initialFontName = font  # the renderer's starting font; else it declares Helvetica, not embedded
    return d


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Wrap text by the Chinese line-breaking rules (linebreak) into at most `max_lines`; the last ends in … when cut."""
    spans = break_lines(text, [stringWidth(char, font, size) for char in text], [width])
    lines = [text[start:end].rstrip() for start, end, _ in spans]
    if len(lines) <= max_lines:
        return [line for line in lines if line]
    lines = lines[:max_lines]
    last = lines[-1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    return lines[:-1] + [last + "…"]


def _box(d: Drawing, x: float, y: float, w: float, h: float, lines: list[str], font: str, size: float,
         fill: colors.Color, stroke: colors.Color = INK, stroke_width: float = 0.6) -> None:
    d.add(Rect(x, y, w, h, rx=4, ry=4, fillColor=fill, strokeColor=stroke, strokeWidth=stroke_width))
    leading = size * 1.25
    top = y + h / 2 + leading * (len(lines) - 1) / 2 - size * 0.35
    for number, line in enumerate(lines):
        d.add(String(x + w / 2, top - number * leading, line, fontName=font, fontSize=size, fillColor=INK, textAnchor="middle"))


def _arrow(d: Drawing, x1: float, y1: float, x2: float, y2: float, dashed: bool = False) -> None:
    d.add(Line(x1, y1, x2, y2, strokeColor=MUTED, strokeWidth=0.9, strokeDashArray=[3, 2] if dashed else None))
    # a small head pointing at (x2, y2)
    dx, dy = x2 - x1, y2 - y1
    length = max((dx * dx + dy * dy) ** 0.5, 1)
    ux, uy = dx / length, dy / length
    d.add(Polygon([x2, y2, x2 - 6 * ux + 3 * uy, y2 - 6 * uy - 3 * ux, x2 - 6 * ux - 3 * uy, y2 - 6 * uy + 3 * ux],
                  fillColor=MUTED, strokeColor=MUTED, strokeWidth=0.5))


def ownership_drawing(o: Ownership, width: float, font: str, bold_font: str, labels: dict, scale: float = 1.0) -> Drawing:  # type: ignore[type-arg]
    """Controller and parent on top, holders in a row, the customer below; stakes on the arrows.

    A parent that is also a holder is drawn once, in the holders' row, with a heavier border.
    """
    size = 9.5 * scale
    box_h = 2 * size * 1.25 + 10
    gap = 30 * scale
    holders = list(o.holders)
    parent_is_holder = any(h.name == o.parent for h in holders)
    rows: list[str] = [r for r in ("controller", "parent") if getattr(o, r) and not (r == "parent" and parent_is_holder)]
    n = len(holders) + (1 if o.more else 0)
    height = box_h * (len(rows) + (1 if n else 0) + 1) + gap * (len(rows) + (1 if n else 0)) + 4
    d = _drawing(width, height, font)
    y = height - box_h - 2
    above: tuple[float, float] | None = None  # the bottom centre of the box above
    for row in rows:
        name = getattr(o, row)
        label = labels["own_controller"] if row == "controller" else labels["own_parent"]
        w = min(width * 0.6, 260 * scale)
        x = (width - w) / 2
        lines = [label, *fit_lines(name, font, size, w - 10, 1)]
        _box(d, x, y, w, box_h, lines, font, size, FILLS["company"] if row == "parent" else colors.white, ACCENT)
        if above:
            _arrow(d, above[0], above[1], width / 2, y + box_h, dashed=True)
        above = (width / 2, y)
        y -= box_h + gap
    centres: list[tuple[float, float, str]] = []
    if n:
        spacing = 8
        w = (width - spacing * (n - 1)) / n
        for index, holder in enumerate(holders):
            x = index * (w + spacing)
            lines = fit_lines(holder.name, font, size, w - 8, 2)
            is_parent = parent_is_holder and holder.name == o.parent
            _box(d, x, y, w, box_h, lines, font, size, FILLS.get(holder.kind, FILLS["company"]),
                 ACCENT if is_parent else INK, 1.6 if is_parent else 0.6)
            centres.append((x + w / 2, y, holder.stake))
            if above and is_parent:
                _arrow(d, above[0], above[1], x + w / 2, y + box_h, dashed=True)
        if o.more:
            x = len(holders) * (w + spacing)
            _box(d, x, y, w, box_h, fit_lines(labels["own_more"].format(n=o.more), font, size, w - 8, 2), font, size, colors.white, MUTED)
        if above and not parent_is_holder:  # above the holders, relation unknown: point at the row
            _arrow(d, above[0], above[1], width / 2, y + box_h + 2, dashed=True)
        y -= box_h + gap
    cw = min(width * 0.7, 300 * scale)
    cx = (width - cw) / 2
    _box(d, cx, y, cw, box_h, [labels["own_customer"], *fit_lines(o.company, bold_font, size, cw - 10, 1)],
         bold_font, size, colors.HexColor("#fff8e1"), ACCENT, 1.4)
    target_top = y + box_h
    for x, bottom, stake in centres:
        tx = width / 2 + (x - width / 2) * 0.35  # arrows converge on the customer's top edge
        _arrow(d, x, bottom, tx, target_top)
        if stake:
            mx, my = (x + tx) / 2, (bottom + target_top) / 2
            tw = stringWidth(stake, bold_font, size) + 6
            d.add(Rect(mx - tw / 2, my - size * 0.45, tw, size * 1.25, fillColor=colors.white, strokeColor=None))
            d.add(String(mx, my - size * 0.2, stake, fontName=bold_font, fontSize=size, fillColor=ACCENT, textAnchor="middle"))
    if not centres and above:
        _arrow(d, above[0], above[1], width / 2, target_top, dashed=True)
    return d


def timeline_drawing(t: Timeline, width: float, font: str, labels: dict, scale: float = 1.0) -> Drawing:  # type: ignore[type-arg]
    """A vertical spine, newest at the top: date, a dot coloured by kind, the label, the source number."""
    size = 10 * scale
    row = size * 1.9
    legend_h = size * 2
    height = legend_h + row * len(t.moments) + 4
    d = _drawing(width, height, font)
    # the legend: only the kinds present
    x = 0.0
    present = [k for k in DOTS if any(m.kind == k for m in t.moments)]
    for kind in present:
        d.add(Circle(x + 4, height - size * 0.8, 3.5 * scale, fillColor=DOTS[kind], strokeColor=None))
        text = labels[f"k_{kind}"]
        d.add(String(x + 11, height - size * 1.15, text, fontName=font, fontSize=size * 0.9, fillColor=MUTED))
        x += 22 + stringWidth(text, font, size * 0.9)
    date_w = stringWidth("2024-04-28", font, size) + 6
    spine = date_w + 6
    cite_w = max([stringWidth("[99]", font, size * 0.85)] + [stringWidth(m.cite_text, font, size * 0.85) for m in t.moments]) + 4
    top = height - legend_h - row / 2
    d.add(Line(spine, top + row / 2 - 2, spine, top - row * (len(t.moments) - 1) - row / 2 + 2, strokeColor=colors.HexColor("#c5ccd6"), strokeWidth=1.5))
    for index, moment in enumerate(t.moments):
        y = top - index * row
        d.add(String(0, y - size * 0.35, moment.date, fontName=font, fontSize=size, fillColor=MUTED))
        d.add(Circle(spine, y, 4 * scale, fillColor=DOTS.get(moment.kind, MUTED), strokeColor=colors.white, strokeWidth=1))
        label_w = width - spine - 12 - cite_w
        line = fit_lines(moment.label, font, size, label_w, 1)
        d.add(String(spine + 10, y - size * 0.35, line[0] if line else "", fontName=font, fontSize=size, fillColor=INK))
        if moment.cites:
            d.add(String(width, y - size * 0.35, moment.cite_text, fontName=font, fontSize=size * 0.85,
                         fillColor=ACCENT, textAnchor="end"))
    return d
