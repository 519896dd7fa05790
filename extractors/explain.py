"""Vietnamese number formatting and the one-line Vietnamese explanation an auditor reads.

Numbers are written the Vietnamese way: a dot groups thousands, a comma marks decimals
(``1.130``, ``90,26%``). The phrases below are output text for Vietnamese readers (data, like the
lexicons under ``patterns/``); everything else in the module is English.
"""

from __future__ import annotations

from extractors.records import Figure

SCOPE_VI = {"all": "Toàn đơn vị", "tinh": "Cấp tỉnh", "huyen": "Cấp huyện", "xa": "Cấp xã"}
METRIC_VI = {
    "received_total": "tiếp nhận", "received_new": "mới tiếp nhận", "carried_over": "kỳ trước chuyển sang",
    "received_online": "trực tuyến", "received_offline": "trực tiếp/bưu chính",
    "resolved_total": "đã giải quyết", "resolved_early": "trước hạn", "resolved_on_time": "đúng hạn",
    "resolved_late": "quá hạn", "resolved_in_time": "đúng và trước hạn", "pending_total": "đang giải quyết",
    "pending_in_time": "chưa đến hạn", "pending_overdue": "đã quá hạn", "due_total": "đến hạn",
    "late_total": "trễ hạn", "digitized": "số hoá", "procedures_total": "thủ tục",
    "procedures_level_1": "mức độ 1", "procedures_level_2": "mức độ 2", "procedures_level_3": "mức độ 3",
    "procedures_level_4": "mức độ 4", "online_services_total": "dịch vụ công trực tuyến",
    "online_services_full": "toàn trình", "online_services_partial": "một phần",
    "feedback_received": "phản ánh, kiến nghị", "feedback_processed": "đã xử lý",
}
PHRASES = {
    "residual": "còn {gap} chưa được giải thích (văn bản không nêu {missing})",
    "exceeds": "các phần vượt quá tổng",
    "ratio": "tỷ lệ nêu {stated} ≠ {num}/{base} = {computed}",
    "percent_sum": "tổng các tỷ lệ {parts} = {computed} ≠ 100%",
    "list_count": "nêu {stated} nhưng danh sách liệt kê {items}",
    "list_open": "nêu {stated} nhưng danh sách (chưa đầy đủ) đã liệt kê {items}",
    "explained": "văn bản tự giải thích: «{text}»",
    "diagnosis": "có thể {old} là {new}",
}


def fmt_vn(value: float | int | None, decimals: int | None = None) -> str:
    """``1130 -> '1.130'``, ``90.26 -> '90,26'``; ``decimals`` None prints what the value needs."""
    if value is None:
        return "?"
    v = float(value)
    if decimals is None:
        decimals = 0 if v.is_integer() else min(len(repr(v).split(".")[1].rstrip("0")), 2)
    text = f"{abs(v):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if v < 0 and float(text.replace(".", "").replace(",", ".")) else "") + text


def label(fig: Figure) -> str:
    return METRIC_VI.get(fig.metric, fig.metric.replace("_", " "))


def show(fig: Figure) -> str:
    """The figure as printed, Vietnamese style (percent sign kept)."""
    text = fmt_vn(float(fig.value) / (fig.scale or 1), fig.decimals)
    return text + ("%" if fig.kind == "percent" else "")


def _terms(figs: dict[str, Figure], terms: list[tuple[str, int]], named: bool) -> str:
    out = ""
    for i, (fid, sign) in enumerate(terms):
        fig = figs[fid]
        word = (SCOPE_VI.get(fig.scope, fig.scope).lower() if named == "scope" else label(fig)) if named else ""
        item = f"{word} {show(fig)}".strip()
        out += (item if sign > 0 else f"-{item}") if i == 0 else (f" + {item}" if sign > 0 else f" - {item}")
    return out


def explain(rule: str, mode: str, head: Figure, figs: dict[str, Figure], parts: list[tuple[str, int]],
            stated: float | None, computed: float | None, *, base: list[tuple[str, int]] | None = None,
            items: int | None = None, open_list: bool = False, missing: tuple[str, ...] = (),
            explanation: str | None = None, diagnosis: tuple[Figure, float, int] | None = None) -> str:
    """One Vietnamese sentence: 'Cấp huyện: tiếp nhận 1.130 ≠ mới tiếp nhận 736 + … = 1.103'."""
    where = SCOPE_VI.get(head.scope, head.scope) + (f" ({head.unit_name})" if head.unit_name else "")
    if mode == "list_count":
        body = PHRASES["list_open" if open_list else "list_count"].format(stated=show(head), items=items)
    elif mode == "ratio":
        num = _terms(figs, parts, named=False)
        den = _terms(figs, base or [], named=False)
        body = f"{label(head)}: " + PHRASES["ratio"].format(
            stated=show(head), num=f"({num})" if len(parts) > 1 else num,
            base=f"({den})" if base and len(base) > 1 else den, computed=fmt_vn(computed, 2) + "%")
    elif mode == "percent_sum":
        body = PHRASES["percent_sum"].format(parts=" + ".join(show(figs[f]) for f, _ in parts),
                                             computed=fmt_vn(computed, 2) + "%")
    else:
        sep = "≠"
        if rule == "level_sum":
            rhs = _terms(figs, parts, named="scope")
        else:
            rhs = _terms(figs, parts, named=True)
        body = f"{label(head)} {show(head)} {sep} {rhs} = {fmt_vn(computed)}"
        if mode == "residual" and stated is not None and computed is not None and computed < stated:
            body += "; " + PHRASES["residual"].format(
                gap=fmt_vn(stated - computed), missing=", ".join(METRIC_VI.get(m, m) for m in missing))
        elif mode in ("residual", "bound"):
            body += "; " + PHRASES["exceeds"]
    text = f"{where}: {body}"
    if explanation:
        text += "; " + PHRASES["explained"].format(text=explanation)
    if diagnosis:
        fig, value, decimals = diagnosis
        new = fmt_vn(value / (fig.scale or 1), decimals) + ("%" if fig.kind == "percent" else "")
        text += "; " + PHRASES["diagnosis"].format(old=show(fig), new=new)
    return text
