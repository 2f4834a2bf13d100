"""QR codes decode, with a real decoder (zbar), to exactly the short link."""

import json
import subprocess
import sys

import segno

from site_builder import qrcodes


def decode(png) -> str:
    done = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_short_url_is_the_site_url_plus_q_and_the_id():
    assert qrcodes.short_url("https://hoc.example.vn/", "cds-01") == "https://hoc.example.vn/q/cds-01/"
    assert qrcodes.short_url("https://hoc.example.vn", "hd-vneid") == "https://hoc.example.vn/q/hd-vneid/"


def test_the_code_decodes_to_exactly_the_url(tmp_path):
    url = "https://hoc.example.vn/q/cds-01/"
    matrix = qrcodes.matrix(url)
    png = tmp_path / "code.png"
    segno.make(url, error="m", micro=False).save(png, scale=6)
    assert decode(png) == url
    assert len(matrix) == len(matrix[0]) <= 33


def test_the_svg_is_one_inline_element_with_a_title():
    svg = qrcodes.svg("https://hoc.example.vn/q/cds-01/", "Chuyển đổi số là gì?")
    assert svg.startswith("<svg") and "\n" not in svg and "<title>Chuyển đổi số là gì?</title>" in svg


def test_a_remembered_mask_gives_the_same_code_the_next_build_and_a_damaged_file_costs_only_the_choosing(tmp_path):
    url = "https://hoc.example.vn/q/mat-na-01/"
    chosen = segno.make(url, error="m", micro=False)  # segno scoring all eight masks
    masks = tmp_path / "posters" / "qr-masks.json"
    qrcodes.remember_masks(masks)
    assert qrcodes.matrix(url) == [[bool(module) for module in row] for row in chosen.matrix]
    qrcodes.save_masks()
    assert json.loads(masks.read_text(encoding="utf-8"))[url] == chosen.mask

    qrcodes._masks.clear()  # a new build process
    qrcodes.remember_masks(masks)
    assert qrcodes._masks[url] == chosen.mask
    assert qrcodes.matrix(url) == [[bool(module) for module in row] for row in chosen.matrix]
    png = tmp_path / "code.png"
    segno.make(url, error="m", micro=False, mask=qrcodes._masks[url]).save(png, scale=6)
    assert decode(png) == url

    masks.write_text('{"' + url + '": 9, "x": "kh\\u00f4ng"', encoding="utf-8")  # cut short, a mask out of range
    qrcodes._masks.clear()
    qrcodes.remember_masks(masks)
    assert qrcodes._masks == {}
    assert qrcodes.matrix(url) == [[bool(module) for module in row] for row in chosen.matrix]


def test_the_plugin_imports_segno_and_the_process_pool_only_to_draw_and_keys_svgs_by_segnos_version():
    # a cached build draws nothing: these imports would be its only use of them
    drawing = "{'segno', 'multiprocessing', 'reportlab'}"
    code = f"import sys, site_builder.plugin; print(sorted({drawing} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
    assert qrcodes._segno() == segno.__version__
