"""Options of the `hocso` MkDocs plugin (in `mkdocs.yml` under `plugins: - hocso:`)."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class HocsoConfig(Config):
    enabled = opt.Type(bool, default=True)
    content_dir = opt.Type(str, default="content")
    bank_dir = opt.Type(str, default="build/bank")
    api_url = opt.Type(str, default="/api")
    poster_cache = opt.Type(str, default="build/posters")
    handouts = opt.Type(bool, default=True)
    """Draw a PDF handout per lesson; off, lesson pages offer none (a quicker first preview)."""
    handout_cache = opt.Type(str, default="build/handouts")
    """Where lessons' PDF handouts are kept between builds, named by a hash of what they show."""
    build_cache = opt.Type(str, default="build/cache")
    """Where values computed from content (QR codes, pages' compressed sizes) are kept between builds, by a hash of
    what they are computed from (`site_builder.buildcache`)."""
    public_keys = opt.Type(str, default="")
    """The JSON Web Key set of the certificate signing keys, published at `xac-minh/keys.json`."""
