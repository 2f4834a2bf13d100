"""hocso's site builder: the content model, page generation and the `hocso` command, with a thin MkDocs plugin."""
