"""Article texts for the farm: the real sample bulletins (page chrome stripped), generated CCHC
bulletins from Vietnamese templates, and off-topic articles."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex as re

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "bulletins"
_TAIL = re.compile(r"^\s*(Họ tên|Các tin khác|Thống kê truy cập|Nguồn:|Tổng số điểm|Lượt truy cập|Tác giả:|"
                   r"Video tuyên truyền|Xem tin theo ngày)")
_DROP = re.compile(r"^\s*(Ngày cập nhật|Lượt xem|A- A A\+|Tìm kiếm tin tức|Liên kết website|Đồng chí|Chủ tịch)")


@dataclass
class Text:
    title: str
    paragraphs: list[str]
    author: str | None
    relevant: bool
    source: str  # sample file name or "generated"


def sample_texts() -> list[Text]:
    """The real bulletins with their page chrome cut (the farm adds its own chrome around them)."""
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        cut = next((i for i, line in enumerate(lines) if _TAIL.match(line)), len(lines))
        kept = [ln.strip() for ln in lines[:cut] if ln.strip() and not _DROP.match(ln)]
        start = next(i for i, ln in enumerate(kept) if len(ln) >= 30)
        title, body = kept[start], kept[start + 1:]
        author = body.pop() if body and len(body[-1]) < 30 and not body[-1].startswith("(") else None
        out.append(Text(title, body, author, True, path.name))
    return out


UNITS = ["huyện Mai Sơn", "huyện Thuận Châu", "huyện Vũ Thư", "huyện Ngọc Lặc", "thị xã Sa Pa", "huyện Mường Lát",
         "xã Sơn Lĩnh", "huyện Quảng Xương", "thành phố Điện Biên Phủ", "huyện Quỳnh Phụ"]
OFF_TOPIC = [
    ("Hội thi văn nghệ quần chúng chào mừng ngày Quốc khánh", ("Các đội văn nghệ đã biểu diễn {n} tiết mục ca múa nhạc"
                                                               " đặc sắc, thu hút đông đảo nhân dân đến cổ vũ.")),
    ("Ra quân tiêm phòng gia súc, gia cầm vụ Xuân", ("Ngành nông nghiệp đã tiêm phòng cho {n} con gia súc, gia cầm"
                                                     " trên địa bàn, bảo đảm an toàn dịch bệnh.")),
    ("Giải bóng đá thanh niên mở rộng năm {y}", ("Giải đấu quy tụ {n} đội bóng đến từ các xã, thị trấn, diễn ra"
                                                 " sôi nổi trong hai tuần.")),
    ("Khánh thành cầu dân sinh tại bản Pá Khôm", ("Công trình có tổng mức đầu tư {n} triệu đồng, giúp bà con đi lại"
                                                  " thuận tiện trong mùa mưa lũ.")),
]


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Vietnamese thousands separator


def cchc_text(rng: random.Random, i: int) -> Text:
    unit = UNITS[i % len(UNITS)]
    month, year = rng.randint(1, 12), rng.choice([2022, 2023, 2024])
    received = rng.randint(800, 9000)
    early = rng.randint(100, received // 3)
    late = rng.randint(0, 20)
    on_time = received - early - late - rng.randint(0, 50)
    pending = received - early - on_time - late
    online = rng.randint(100, received)
    title = rng.choice(["Kết quả thực hiện cải cách hành chính tháng {m}/{y} của {u}",
                        "{U} đẩy mạnh cải cách thủ tục hành chính tháng {m}/{y}",
                        "Kết quả giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa {u} tháng {m}/{y}"])
    title = title.format(m=month, y=year, u=unit, U=unit[0].upper() + unit[1:])
    paragraphs = [
        f"Trong tháng {month}/{year}, công tác cải cách hành chính trên địa bàn {unit} tiếp tục được quan tâm chỉ đạo.",
        (f"Bộ phận Tiếp nhận và trả kết quả cấp huyện, cấp xã đã tiếp nhận {_n(received)} hồ sơ thủ tục hành chính, "
         f"trong đó {_n(online)} hồ sơ trực tuyến."),
        (f"Đã giải quyết {_n(early + on_time + late)} hồ sơ, trong đó trước hạn {_n(early)} hồ sơ, đúng hạn "
         f"{_n(on_time)} hồ sơ, quá hạn {late} hồ sơ; đang giải quyết {_n(pending)} hồ sơ."),
        ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tiếp tục được nâng lên; dịch vụ công trực tuyến "
         "được tuyên truyền rộng rãi đến người dân."),
    ]
    return Text(title, paragraphs, rng.choice(["Minh Hà - VP UBND huyện", "BBT", "Thu Trang"]), True, "generated")


def off_topic_text(rng: random.Random, i: int) -> Text:
    title, body = OFF_TOPIC[i % len(OFF_TOPIC)]
    y, n = rng.choice([2022, 2023, 2024]), rng.randint(12, 900)
    return Text(title.format(y=y), [body.format(n=n), "Hoạt động nhận được sự hưởng ứng tích cực của nhân dân."],
                "Văn Long", False, "generated")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def to_hop(text: str) -> str:
    """'Unicode tổ hợp' mark order: base + circumflex/breve composed, dot below after it (ê + U+0323)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        if "\u0323" in d and len(d) == 3:
            out.append(unicodedata.normalize("NFC", d[0] + d[2]) + "\u0323")
        else:
            out.append(ch)
    return "".join(out)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as windows-1258: a letter it lacks precomposed goes out as its base (â, ơ, ư ...) + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
        tones = "".join(c for c in d if c in _TONE_MARKS)
        try:
            out += base.encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            out += b"?"
    return bytes(out)


TCVN3_PARAGRAPH = "HuyÖn B¶o Th¾ng ®· tiÕp nhËn vµ gi¶i quyÕt hå s¬ thñ tôc hµnh chÝnh ®óng h¹n."
TCVN3_UNICODE = "Huyện Bảo Thắng đã tiếp nhận và giải quyết hồ sơ thủ tục hành chính đúng hạn."
