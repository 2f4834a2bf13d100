"""The MkDocs adapter: loads the catalogue, adds the generated pages, exports the banks. Logic lives elsewhere."""

from __future__ import annotations

import gc
import json
import logging
import os
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from functions.published import key_files
from site_builder import (
    appicons,
    buildcache,
    handouts,
    lawpage,
    laws,
    offline,
    pageload,
    pagenames,
    places,
    posters,
    qrcodes,
    searchindex,
    shortlinks,
    shortpages,
    yamlsource,
)
from site_builder.answerkeys import export_banks, export_published
from site_builder.buildcache import FileMemo, Memo
from site_builder.catalog import load_checked
from site_builder.config import HocsoConfig
from site_builder.pages import build_pages, navigation
from site_builder.problems import ContentError
from site_builder.structure import Catalog

log = logging.getLogger("mkdocs.plugins.hocso")
ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"
"""Templates over the theme's: the Vietnamese not-found page and the offline page the service worker shows."""
SCRIPTS = ["assets/hocso/hocso.js", "assets/hocso/reach.js"]
"""On every page; a page's own script (quiz, search, account, verify, admin) is loaded by that page's template."""
STYLES = ["assets/hocso/hocso.css"]
SHORT_NAME = "Học số"
"""The name under the icon on a phone's home screen (a dozen letters fit)."""


class CachedFile(File):
    """A file the site takes whole from a cache of the build (a handout, a poster): linked, not copied
    (`buildcache.place`)."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        buildcache.place(Path(self.abs_src_path), Path(self.abs_dest_path))


class HocsoPlugin(BasePlugin[HocsoConfig]):
    catalog: Catalog | None = None
    register: laws.Register = laws.Register()
    """The register of legal texts (`content/laws.yml`), shown at /van-ban/ when it lists any."""
    posted_at: list[places.Place] = []
    """The places posters are put up at (`content/places.yml`)."""
    search_entries: list = []
    handout_addresses: frozenset[str] = frozenset()
    stylesheet: tuple[str, str] | None = None
    """(address, text) of the merged stylesheet every page links (`site_builder.pageload`)."""
    memo: Memo = Memo()
    """What this build computed from content and the next may reuse (`site_builder.buildcache`)."""
    copies: FileMemo = FileMemo()
    """The short links' pages (`site_builder.shortpages`), a file each: 40 KB each."""
    sources: Memo = Memo()
    """The content's YAML as parsed (`site_builder.yamlsource`)."""
    command: str = ""
    """The MkDocs command running (`build`, `serve`, `gh-deploy`), as `on_startup` was told."""

    def _path(self, config, value: str) -> Path:
        return Path(config.config_file_path).parent / value

    def on_startup(self, *, command, dirty) -> None:
        """Defined so that `mkdocs serve` keeps this plugin from one build to the next (MkDocs keeps the plugins that
        have it), and with it the last build's memos: a rebuild redoes what an edit touched."""
        self.command = command

    def on_config(self, config):
        if not self.config.enabled:
            return config
        cache = self._path(config, self.config.build_cache)
        # `mkdocs serve` keeps this plugin between builds (`on_startup`): the last build's memos are at hand
        self.memo = Memo(cache / "memo.json", self.memo)
        self.copies = FileMemo(cache / "short-pages")
        self.sources = Memo(cache / "sources.json", self.sources)
        try:
            with yamlsource.kept_in(self.sources):
                self.catalog = load_checked(self._path(config, self.config.content_dir), memo=self.memo)
        except ContentError as exc:
            raise PluginError(exc.report()) from None
        self.sources.save()
        # Logged as information, not as warnings: `make build` runs `mkdocs build --strict`, which fails on any
        # warning, and a text losing effect on a given day must not stop a rebuild; `hocso validate`, run first by
        # `make build`, prints them to the editor.
        for warning in self.catalog.warnings:
            log.info("hocso: %s", warning)
        self.posted_at = places.of_catalog(self.catalog)[0]  # checked with the catalogue
        self.register = laws.load(self.catalog.root)[0]  # checked with the catalogue
        if config.nav is None:
            docs = Path(config.docs_dir)
            extra = sorted(str(path.relative_to(docs)) for path in docs.rglob("*.md") if path.name != "index.md")
            nav = navigation(self.catalog)
            if self.register.laws:  # before the administrators' pages, which come last
                nav.insert(len(nav) - 1, {lawpage.TITLE: lawpage.URI})
            config.nav = nav + extra
        # after a custom_dir of the site's own (it overrides everything), before the theme
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        config.theme.static_templates.add(offline.OFFLINE_PAGE + "index.html")
        config.extra_javascript.extend(SCRIPTS)
        config.extra_css.extend(STYLES)
        palette = pageload.palette_file(config.theme.dirs) if config.theme.get("palette") else None
        self.stylesheet = pageload.site_stylesheet(palette, ASSETS / "hocso.css")
        if self.command == "build":
            # One build, one process: what is loaded by now (the code, the catalogue, the memos) lives to its end, so
            # the collector need not walk it again at each full pass over the pages' objects (a third of its time,
            # 0.05 s). Not under `mkdocs serve`, whose rebuilds drop the last build's catalogue.
            gc.freeze()
        return config

    def on_pre_build(self, *, config) -> None:
        self.search_entries = []

    def on_page_content(self, html: str, *, page, config, files) -> str:
        if self.catalog and not (page.meta.get("search") or {}).get("exclude") and not page.url.startswith("q/"):
            summary = page.meta.get("description") or ""
            self.search_entries.append(searchindex.entry(page.url, page.title or "", summary, html, self.memo))
        return html

    def on_files(self, files: Files, *, config) -> Files:
        if not self.catalog:
            return files
        site_url = config.site_url or "http://127.0.0.1:8000/"
        qrcodes.remember_masks(self._path(config, self.config.poster_cache) / "qr-masks.json")
        printed = self._handouts(config, self.catalog, site_url)
        sizes = {uri: path.stat().st_size for uri, path in printed}
        self.handout_addresses = frozenset(sizes)
        pages, assets = build_pages(self.catalog, self.config.api_url, site_url, sizes, self.memo)
        generated: list[tuple[str, str | bytes]] = [(page.src_uri, page.markdown) for page in pages]
        generated += [(uri, markdown) for uri, _, markdown in shortlinks.retired_pages(self.catalog)]
        generated.append((pagenames.FILE, pagenames.document(self.catalog, self.posted_at)))
        if self.register.laws:
            generated.append((lawpage.URI, lawpage.document(self.register, date.today())))
        public_keys = self._public_keys(config)
        generated.append(("xac-minh/keys.json", public_keys))
        generated += [(uri, json.dumps(jwk, indent=1)) for uri, jwk in key_files(json.loads(public_keys))]
        for uri, content in generated:
            existing = files.get_file_from_path(uri)
            if existing:
                files.remove(existing)
            files.append(File.generated(config, uri, content=content))
        for asset in assets:
            files.append(File.generated(config, asset.dest_uri, abs_src_path=str(asset.source)))
        printed += self._posters(config, self.catalog, site_url)  # handouts and posters, all in files
        for uri, path in printed:
            files.append(CachedFile.generated(config, uri, abs_src_path=str(path)))
        if self.stylesheet:
            files.append(File.generated(config, self.stylesheet[0], content=self.stylesheet[1]))
        for name in sorted(path.name for path in ASSETS.iterdir() if path.name != "sw.js"):
            files.append(File.generated(config, f"assets/hocso/{name}", abs_src_path=str(ASSETS / name)))
        # its build version is written once the site is built (on_post_build)
        files.append(File.generated(config, "sw.js", abs_src_path=str(ASSETS / "sw.js")))
        for uri, content in self._home_screen(config):
            files.append(File.generated(config, uri, content=content))
        return files

    def _home_screen(self, config) -> list[tuple[str, str | bytes]]:
        """The web app manifest and its icons, drawn from the theme's logo (none when the theme has no such icon)."""
        logo = (config.theme.get("icon") or {}).get("logo") or "material/school-outline"
        found = [Path(folder) / ".icons" / f"{logo}.svg" for folder in config.theme.dirs]
        source = next((path for path in found if path.is_file()), None)
        if source is None:
            log.info("hocso: no SVG for the logo %s; no web app manifest", logo)
            return []
        name = config.site_name
        description = config.site_description or name
        cache = self._path(config, self.config.poster_cache)
        return appicons.files(source.read_text(encoding="utf-8"), name, SHORT_NAME, description, cache)

    def _head(self, html: str, root: str) -> str:
        """`html` with the manifest and the phone's bar colour in its head; `root` leads to the site's root."""
        extra = (
            f'<link rel="manifest" href="{root}{appicons.FILE}">'
            f'<link rel="apple-touch-icon" href="{root}{appicons.ICON_DIR}/icon-192.png">'
            f'<meta name="theme-color" content="{appicons.BACKGROUND}">'
        )
        return html.replace("</head>", extra + "</head>", 1)

    def on_post_page(self, output: str, *, page, config) -> str:
        output = pageload.rewrite(output, self.stylesheet[0]) if self.stylesheet else output
        if not self.catalog:
            return output
        return self._head(output, "../" * (page.url or "").count("/"))

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        if self.stylesheet:
            output_content = pageload.rewrite(output_content, self.stylesheet[0])
        if not self.catalog or not template_name.endswith(".html"):
            return output_content
        # the not-found page is served at any depth: its links start at the site's root path
        depth = "../" * template_name.count("/")
        root = urlsplit(config.site_url or "/").path if template_name == "404.html" else depth
        return self._head(output_content, root)

    def _public_keys(self, config) -> str:
        """The certificate keys to publish; an empty set (and a note) when none were made yet."""
        path = self._path(config, self.config.public_keys) if self.config.public_keys else None
        if path is None or not path.is_file():
            log.info("hocso: no certificate keys at %s; publishing an empty key set", path)
            return '{"keys": []}'
        return path.read_text(encoding="utf-8")

    def _posters(self, config, catalog: Catalog, site_url: str) -> list[tuple[str, Path]]:
        """(address, cached file) of each poster and set of posters: copied into the site, never read into memory."""
        singles, sets = posters.catalogue_posters(catalog, site_url)
        sets.update(posters.place_sets(catalog, singles, self.posted_at))
        return posters.cached_all(singles, sets, self._path(config, self.config.poster_cache))

    def _handouts(self, config, catalog: Catalog, site_url: str) -> list[tuple[str, Path]]:
        """(address, cached file) of each lesson's handout: copied into the site, never read into memory."""
        if not self.config.handouts:
            return []
        cache = self._path(config, self.config.handout_cache)
        listed = handouts.of_catalog(catalog, site_url)
        drawn = handouts.cached_all([handout for _, handout in listed], cache)
        return [(uri, path) for (uri, _), path in zip(listed, drawn, strict=True)]

    def on_post_build(self, *, config) -> None:
        qrcodes.save_masks()
        if self.catalog:
            target = Path(config.site_dir) / "search" / "hocso.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(searchindex.document(self.search_entries), encoding="utf-8")
            written = export_banks(self.catalog, self._path(config, self.config.bank_dir))
            log.info("hocso: exported %d question bank(s) to %s", len(written), self.config.bank_dir)
            export_published(self.catalog, self._path(config, self.config.bank_dir))
            # a poster's short link serves its page itself (no redirect): copied once the page is written
            live = {short_id: target.url for short_id, target in shortlinks.targets(self.catalog).items()}
            shortpages.write(Path(config.site_dir), live, config.site_url or "http://127.0.0.1:8000/", self.copies)
            courses = {
                course.id: [
                    f"khoa-hoc/{course.id}/",
                    *(f"khoa-hoc/{course.id}/{lesson.slug}/" for lesson in course.lessons),
                ]
                for course in self.catalog.courses
            }
            site = Path(config.site_dir)
            manifest = offline.write(site, courses, config.site_name, self.handout_addresses, live, self.memo)
            # The worker's bytes change exactly when a file it may keep changed: browsers then install the new one,
            # whose activation fetches again what changed. The revision of its manifest says just that.
            worker = Path(config.site_dir) / "sw.js"
            version = offline.revision(manifest.read_bytes())
            worker.write_text(worker.read_text(encoding="utf-8").replace("__BUILD__", version), encoding="utf-8")
            self.memo.save()
            self.copies.save()

    def on_serve(self, server, *, config, builder):
        if self.config.enabled:
            server.watch(str(self._path(config, self.config.content_dir)))
        return server
