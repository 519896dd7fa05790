import json
from pathlib import Path

import pytest

from extractors import dates, meta

GOLD = Path(__file__).parent / "gold"

FORMS = [
    # (line under the title, published, source) — the forms PORTALS.md §3 lists, always day first
    ("Ngày 04/8/2023", "2023-08-04", "byline"),
    ("Ngày cập nhật 10/06/2020", "2020-06-10", "updated"),
    ("Ngày cập nhật: 05/09/2023", "2023-09-05", "updated"),
    ("Cập nhật lúc 14:35 05/09/2023", "2023-09-05", "updated"),
    ("05/09/2023 - 14:35", "2023-09-05", "byline"),
    ("Thứ ba, 05/09/2023 14:35", "2023-09-05", "byline"),
    ("Thứ Hai, 05/09/2023, 14:35 (GMT+7)", "2023-09-05", "byline"),
    ("Thứ 4, Ngày 20/01/2021", "2021-01-20", "weekday"),
    ("Thứ 4, Ngày 20/01/2021 -", "2021-01-20", "weekday"),
    ("(05/09/2023, 14:35)", "2023-09-05", "byline"),
    ("(12:03 | 26/07/2017)", "2017-07-26", "byline"),
    ("06:03, 18/03/2020", "2020-03-18", "byline"),
    ("14:35 05/09/2023", "2023-09-05", "byline"),
    ("NGUYỄN NGHĨA 00:19, 01/04/2024", "2024-04-01", "byline"),
    ("10-6-2021, 10:53 GMT+7", "2021-06-10", "byline"),
    ("Ngày đăng: 31/12/2020 16:44", "2020-12-31", "label"),
    ("Ngày xuất bản: 29-09-2021", "2021-09-29", "label"),
    ("Ngày xuất bản: 29-09-2021 / Lượt xem: 3885", "2021-09-29", "label"),
    ("01/11/2024 - 09:50 | Lượt xem: 313", "2024-11-01", "byline"),
    ("29/09/2021", "2021-09-29", "byline"),
    ("05-09-2023", "2023-09-05", "byline"),
    ("Ngày 04/8/2023, Đoàn công tác Sở Nội vụ đã có buổi làm việc với UBND huyện Ngọc Lặc", "2023-08-04", "lead"),
    ("(sonla.gov.vn) - Ngày 05/12/2023, UBND huyện Mai Sơn tổ chức hội nghị", "2023-12-05", "lead"),
    ("Hậu Giang, ngày 10 tháng 01 năm 2024", "2024-01-10", "dated"),  # an official document's date line
    ("Số: 245/BC-UBND Thái Bình, ngày 08 tháng 10 năm 2024", "2024-10-08", "dated"),
    ("Thọ Xuân, ngày 08 tháng 4 năm 2025", "2025-04-08", "dated"),
    ("VOV Tây Nguyên | Thứ Ba, 16/04/2024 - 07:12", "2024-04-16", "byline"),  # the source's name first
    ("Trung tâm Phục vụ hành chính công tỉnh Bắc Giang | 05/09/2024", "2024-09-05", "byline"),
]


@pytest.mark.parametrize("line,iso,source", FORMS, ids=[f[0][:40] for f in FORMS])
def test_visible_date_forms(line, iso, source):
    assert dates.classify_line(line) == (source, iso)


NOT_DATES = [
    "Thực hiện Thông tư số 02/2017/TT-VPCP ngày 31/10/2017 của Văn phòng Chính phủ",
    "Quyết định số 393/QĐ-UBND ngày 23/02/2023 về kế hoạch kiểm soát TTHC",
    "Số lượng hồ sơ được giải quyết là 1.456/1.625, trong đó đúng hạn 1.447 hồ sơ",
    "31/02/2023",  # no such day
    "Kết quả giải quyết hồ sơ quý I/2017 đạt 98,2% (12/04/2017)",  # a related-list item, not a date line
]


@pytest.mark.parametrize("line", NOT_DATES, ids=[x[:40] for x in NOT_DATES])
def test_lines_that_are_not_the_published_date(line):
    assert dates.classify_line(line) is None


MACHINE = [
    ("2024-03-31T17:19:00Z", "2024-04-01"),  # 00:19 on 1 April in Vietnam
    ("2023-09-05T07:35:00Z", "2023-09-05"),  # 14:35 ICT
    ("2023-09-05T20:00:00+00:00", "2023-09-06"),
    ("2023-09-05T23:30:00+07:00", "2023-09-05"),
    ("2025-06-30T19:02:21", "2025-06-30"),  # naive ISO from JSON APIs: already Vietnam time
    ("2025-06-30", "2025-06-30"),
    ("05/09/2023 14:35", "2023-09-05"),
    ("not a date", None),
]


@pytest.mark.parametrize("value,iso", MACHINE, ids=[m[0] for m in MACHINE])
def test_machine_dates_are_read_in_vietnam_time(value, iso):
    assert dates.parse_machine_date(value) == iso


@pytest.mark.parametrize("html_meta,expected", [
    ({"article:published_time": "2023-09-05T07:35:00Z", "date": "2020-01-01"},
     ("2023-09-05", "meta:article:published_time")),
    ({"jsonld:datepublished": "2024-03-31T17:19:00Z"}, ("2024-04-01", "jsonld:datePublished")),
    ({"article:modified_time": "2023-09-05T07:35:00Z"}, (None, None)),  # an update is not publication
    ({"description": "Cổng thông tin điện tử"}, (None, None)),
], ids=["meta-utc", "jsonld-utc", "modified-only", "no-date"])
def test_meta_dates(html_meta, expected):
    assert dates.from_meta(html_meta) == expected


URLS = [
    ("https://dienbien.gov.vn/portal/Pages/2020-5-29/VPUB--Nam-2019-uoc-tinh-thiet-hai-do-thien-tai-gaykd6fqr.aspx",
     "2020-05-29"),
    ("https://xasonlinh.hatinh.gov.vn/portal/pages/2023-01-30/Ung-dung-Cong-nghe-thong-tin-v-468686.aspx", "2023-01-30"),
    ("https://congan.sonla.gov.vn/2023/09/05/ket-qua-cai-cach-hanh-chinh/", "2023-09-05"),
    ("https://sonla.gov.vn/4/469/61708/630360/cac-huyen-thanh-pho/huyen-moc-chau", None),
    ("https://vinhphuc.gov.vn/ct/cms/tintuc/Lists/ThoiSuChinhTri/View_Detail.aspx?ItemID=13820", None),
]


@pytest.mark.parametrize("url,iso", URLS, ids=[u[0].split("/")[2] + "-" + str(u[1]) for u in URLS])
def test_url_dates(url, iso):
    assert dates.from_url(url) == iso


def test_publication_label_beats_the_page_header_date():
    text = "Thứ 4, Ngày 20/01/2021 -\n\nKon Tum đạt chỉ tiêu\nNgày đăng: 31/12/2020 16:44\nTính đến ngày 31/12/2020 …"
    assert dates.find_published(text) == ("2020-12-31", "label")


def test_url_beats_update_and_lead_dates():
    text = "Tiêu đề bài viết\nNgày cập nhật 10/06/2020\n\nNgày 9/6/2020, UBND huyện tổ chức hội nghị"
    assert dates.find_published(text, "https://x.gov.vn/portal/Pages/2020-6-9/Hoi-nghiabc12d.aspx") == \
        ("2020-06-09", "url")


def test_related_list_dates_are_not_the_articles():
    text = ("Tiếp tục đẩy mạnh cải cách thủ tục hành chính\n\nTrong tháng 11/2023, công tác cải cách hành chính "
            "trên địa bàn huyện tiếp tục được đẩy mạnh.\n\nCác tin khác\n(05/11/2023, 09:12)\n20/05/2023")
    assert dates.find_published(text) == (None, None)


def test_a_lead_date_deep_in_the_body_is_not_taken():
    long_paragraph = "UBND huyện đã ban hành nhiều chương trình, kế hoạch về cải cách hành chính. " * 4
    text = f"Tiêu đề\n\n{long_paragraph}\n\nNgày 04/8/2023, Đoàn công tác làm việc với huyện."
    assert dates.find_published(text) == (None, None)


def _gold_cases():
    for part in ("seeds", "dev"):
        data = json.loads((GOLD / part / "gold.json").read_text(encoding="utf-8"))
        for doc in data["documents"]:
            yield pytest.param(GOLD / part / doc["file"], doc.get("published"), id=f"{part}-{doc['file'][:3]}")


@pytest.mark.parametrize("path,published", list(_gold_cases()))
def test_gold_published_dates_from_plain_text(path, published):
    text = path.read_text(encoding="utf-8")
    iso, source = meta.find_published(text, None)
    assert iso == published
    assert (source is None) == (published is None)
