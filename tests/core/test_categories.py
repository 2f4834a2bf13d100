"""The learner categories: a fixed list, named in an import cell by label, short label or code, accents aside."""

import pytest

from functions import categories


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Cán bộ, công chức, viên chức", "cbccvc"),
        ("can bo cong chuc vien chuc", "cbccvc"),
        ("CBCCVC", "cbccvc"),
        ("Thành viên Tổ công nghệ số cộng đồng", "cnscd"),
        ("Tổ CNSCĐ", "cnscd"),
        ("tổ công nghệ số cộng đồng", "cnscd"),
        ("ĐOÀN VIÊN THANH NIÊN", "dvtn"),
        ("Người lao động", "nld"),
        ("Doanh nghiệp", "dn"),
        ("người dân", "dan"),
    ],
)
def test_a_category_is_named_by_its_label_short_label_or_code(typed, code):
    assert categories.code_of(typed) == code


def test_a_name_not_in_the_list_names_no_category():
    assert categories.code_of("Học sinh") is None
    assert categories.code_of("Không rõ") is None  # unknown is what an empty cell means, not a value to type


def test_every_category_has_a_label_and_a_short_label_and_unknown_comes_last():
    assert categories.columns()[-1] == categories.UNKNOWN
    assert set(categories.SHORT) == set(categories.columns())
    assert all(len(short) <= 31 for short in categories.SHORT.values())  # an XLSX sheet name
    assert not any(code.isdigit() for code in categories.CATEGORIES)  # told apart from a DynamoDB shard
    assert categories.label(None) == "Không rõ"
    assert categories.label("dvtn") == "Đoàn viên thanh niên"
