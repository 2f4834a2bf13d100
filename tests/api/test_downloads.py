"""Every download's Content-Disposition names the file exactly (RFC 6266 `filename*`) with a plain ASCII fallback."""

import pytest

from functions.downloads import ascii_name, attachment
from tests.support.apps import filename_of


@pytest.mark.parametrize(
    "name", ["bao-cao-40-2026-11.xlsx", 'giấy chứng nhận "Đợt 1".zip', "a\r\nSet-Cookie: x=1.csv", "a;b=c'd.pdf"]
)
def test_the_name_comes_back_exactly_and_the_header_stays_one_line(name):
    headers = attachment(name)
    assert "\r" not in headers["Content-Disposition"] and "\n" not in headers["Content-Disposition"]
    assert filename_of(headers["Content-Disposition"]) == name


def test_the_fallback_is_plain_ascii():
    assert ascii_name('giấy chứng nhận "Đợt 1".zip') == "giay-chung-nhan-Dot-1-.zip"
    assert ascii_name('""') == "tep"
    assert 'filename="bao-cao-40-2026-11.xlsx"' in attachment("bao-cao-40-2026-11.xlsx")["Content-Disposition"]
