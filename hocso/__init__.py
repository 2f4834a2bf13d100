"""The operators' side: the `hocso` command (validate, keys, import, report, certificates, serve) and the demo
province. It is the composition root: it alone puts the site builder and the functions together."""
