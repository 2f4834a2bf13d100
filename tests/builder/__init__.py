"""The build wing: the MkDocs plugin and content model (`site_builder`), run as editors and the build run them."""
