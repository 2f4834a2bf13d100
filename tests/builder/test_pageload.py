"""What a built page asks for before its text shows: the theme's stylesheet and one of the site's own, every script
deferred; and the short links' list the servers redirect from."""

from __future__ import annotations

import re

from site_builder import pageload

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r"<script src=[^>]*>")


def pages(site):
    """Every page the theme rendered (the short links' bare redirect pages are not the theme's)."""
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'name="generator"' in text:
            yield path.relative_to(site).as_posix(), text


def test_every_page_links_the_themes_stylesheet_and_one_of_the_sites_and_defers_every_script(built_site):
    seen = 0
    for name, text in pages(built_site.site):
        head, body = text.split("</head>", 1)
        styles = [href.rsplit("/", 1)[-1] for href in STYLESHEET.findall(head)]
        assert len(styles) == 2 and re.fullmatch(r"main\.[0-9a-f]{8}\.min\.css", styles[0]), name
        assert re.fullmatch(r"site\.[0-9a-f]{12}\.min\.css", styles[1]), name
        scripts = SCRIPT.findall(text)
        assert scripts and all(" defer" in tag or " async" in tag for tag in scripts), (name, scripts)
        # The theme's bundle and hocso's scripts in the head, in their old order, before any page's own script.
        early = [re.search(r'src="[^"]*?assets/([^"]+)"', tag).group(1) for tag in SCRIPT.findall(head)]
        assert [re.sub(r"\.[0-9a-f]{8}\.min", "", src) for src in early] == [
            "javascripts/bundle.js",
            "hocso/hocso.js",
            "hocso/reach.js",
        ], name
        assert '<script id="__config"' in body, name
        seen += 1
    assert seen > 40  # home, courses, lessons, tests, guides, account and admin pages, 404


def test_the_sites_stylesheet_is_the_themes_palette_then_hocsos_rules(built_site):
    [merged] = sorted((built_site.site / "assets" / "hocso").glob("site.*.min.css"))
    text = merged.read_text(encoding="utf-8")
    assert text.index("[data-md-color-primary=indigo]") < text.index(".hocso-qr")
    assert "/*" not in text.split("[data-md-color-primary=indigo]")[-1]  # hocso's comments dropped
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert f'href="assets/hocso/{merged.name}"' in home


def test_a_page_without_the_themes_assets_is_left_as_it_was():
    bare = '<html><head><link rel="stylesheet" href="x.css"></head><body><script src="a.js"></script></body></html>'
    assert pageload.rewrite(bare, "assets/hocso/site.0.min.css") == bare
