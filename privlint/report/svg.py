"""The data-flow map as inline SVG: three columns (personal data -> code -> recipients), no library.

A layered layout is enough here: the build step already orders each column to keep edges short
(components sit near the categories and recipients they connect), so this module only assigns
coordinates and draws. Every label is escaped: categories come from the policy, but module names
and hosts come from the scanned code.
"""

from __future__ import annotations

from html import escape

from privlint.report.model import DataMap, MapNode

NODE_H = 30
NODE_GAP = 10
GROUP_GAP = 26  # room for a recipient group label
TOP = 48
COLUMNS = (  # (x, width) of categories, components, recipients
    (16, 230),
    (396, 270),
    (816, 230),
)
WIDTH = 1062
CHAR_W = 7.0  # average glyph width at 13px system-ui, to truncate labels that would overflow
BOLD_CHAR_W = 7.8  # violation labels are bold


def _fit(text: str, width: float, keep_end: bool = False, char_width: float = CHAR_W) -> str:
    """Shorten a label to its box; module names keep their end, which is what tells them apart."""
    limit = max(int((width - 20) / char_width), 4)
    if len(text) <= limit:
        return text
    return "…" + text[-(limit - 1) :] if keep_end else text[: limit - 1] + "…"


def _positions(data_map: DataMap) -> tuple[dict[str, tuple[float, float, int]], list[tuple[float, str]], int]:
    """Node id -> (x, y, width); recipient group labels (y, text); total height."""
    place: dict[str, tuple[float, float, int]] = {}
    groups: list[tuple[float, str]] = []
    heights = []
    columns = (data_map.categories, data_map.components, data_map.recipients)
    for nodes in columns:
        group_count = len({n.group for n in nodes if n.group})
        heights.append(len(nodes) * (NODE_H + NODE_GAP) + group_count * GROUP_GAP)
    total = max([*heights, NODE_H])
    for (x, width), nodes, height in zip(COLUMNS, columns, heights, strict=True):
        y = TOP + (total - height) / 2
        current_group = None
        for node in nodes:
            if node.group and node.group != current_group:
                current_group = node.group
                y += GROUP_GAP
                groups.append((y - 8, node.group))
            place[node.id] = (x, y, width)
            y += NODE_H + NODE_GAP
    return place, groups, int(total + TOP + 16)


def render_map_svg(data_map: DataMap) -> str:
    place, groups, height = _positions(data_map)
    nodes = (*data_map.categories, *data_map.components, *data_map.recipients)
    numbers = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    out = [
        f'<svg id="flow-map" class="flow-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="flow-map-title">',
        '<title id="flow-map-title">Data-flow map: personal data categories, the code that handles them, '
        "and where the data goes</title>",
    ]
    for (x, width), heading in zip(COLUMNS, ("Personal data", "Code (modules)", "Recipients"), strict=True):
        out.append(f'<text class="col-head" x="{x + width / 2:.0f}" y="22" text-anchor="middle">{heading}</text>')
    for y, label in groups:
        out.append(f'<text class="group" x="{COLUMNS[2][0]}" y="{y:.0f}">{escape(label)}</text>')
    # edges first (under the nodes), violations last so they are drawn on top
    for edge in sorted(data_map.edges, key=lambda e: e.violation):
        if edge.source not in place or edge.target not in place:
            continue
        sx, sy, sw = place[edge.source]
        tx, ty, _ = place[edge.target]
        x1, y1, x2, y2 = sx + sw, sy + NODE_H / 2, tx, ty + NODE_H / 2
        mid = (x1 + x2) / 2
        stroke = 1.5 + min(edge.flows, 8) * 0.4
        cls = "edge violation" if edge.violation else "edge"
        out.append(
            f'<path class="{cls}" data-from="{numbers[edge.source]}" data-to="{numbers[edge.target]}" '
            f'd="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" '
            f'stroke-width="{stroke:.1f}"><title>{escape(edge.detail)}'
            f"{' (violation)' if edge.violation else ''}</title></path>"
        )
    for node in nodes:
        out.append(_node(node, numbers[node.id], *place[node.id]))
    out.append("</svg>")
    return "\n".join(out)


def _node(node: MapNode, number: str, x: float, y: float, width: int) -> str:
    cls = f"node {node.column}{' violation' if node.violation else ''}{' undeclared' if node.undeclared else ''}"
    marker = "⚠ " if node.violation else ""
    label = marker + _fit(
        node.label,
        width - (18 if marker else 0),
        keep_end=node.column == "component",
        char_width=BOLD_CHAR_W if node.violation else CHAR_W,
    )
    return (
        f'<g class="{cls}" data-node="{number}"><title>{escape(node.label)}\n{escape(node.detail)}</title>'
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{width}" height="{NODE_H}" rx="6"/>'
        f'<text x="{x + 10:.0f}" y="{y + NODE_H / 2 + 4.5:.0f}">{escape(label)}</text></g>'
    )
