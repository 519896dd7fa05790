import pytest

from extractors.html import chrome_reason
from patterns.loader import load

ENTRIES = load("chrome")
EXAMPLES = [(e["reason"], bool(e.get("block")), ex) for e in ENTRIES for ex in e["examples"]]


@pytest.mark.parametrize("reason,block,example", EXAMPLES, ids=[f"{r}:{ex[:30]}" for r, _, ex in EXAMPLES])
def test_every_chrome_example_is_caught_with_its_reason(reason, block, example):
    assert chrome_reason(example) == (reason, block)


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e['reason']}@{e['_line']}" for e in ENTRIES])
def test_chrome_patterns_are_anchored_at_line_start(entry):
    # chrome_reason() uses match(): a pattern that is not anchored would silently mean something else
    assert all(p.startswith("^") for p in entry["patterns"])


BODY_LINES = [
    "Tổng số hồ sơ đã giải quyết là: 61.953 hồ sơ.",
    "Hôm nay, UBND huyện tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2023.",
    "Năm 2023, toàn tỉnh tiếp nhận 159.845 hồ sơ.",
    "Liên kết với Cổng dịch vụ công quốc gia được duy trì ổn định.",
    "Bình chọn sáng kiến cải cách hành chính năm 2023 đã thu hút 45 đơn vị tham gia.",
    "Nội dung kiểm tra gồm 5 lĩnh vực.",
    "Tin liên quan đến cải cách hành chính được đăng tải đầy đủ.",
    "Các tin khác trong tháng được tổng hợp tại phụ lục kèm theo.",
]


@pytest.mark.parametrize("line", BODY_LINES, ids=[x[:30] for x in BODY_LINES])
def test_bulletin_sentences_are_not_chrome(line):
    assert chrome_reason(line) is None
