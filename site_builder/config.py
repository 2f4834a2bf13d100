"""Options of the `hocso` MkDocs plugin (in `mkdocs.yml` under `plugins: - hocso:`)."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class HocsoConfig(Config):
    enabled = opt.Type(bool, default=True)
    content_dir = opt.Type(str, default="content")
    bank_dir = opt.Type(str, default="build/bank")
    api_url = opt.Type(str, default="/api")
    poster_cache = opt.Type(str, default="build/posters")
    public_keys = opt.Type(str, default="")
    """The JSON Web Key set of the certificate signing keys, published at `xac-minh/keys.json`."""
