"""Certificates of completion: numbers people can type, and Ed25519 signatures anyone can check offline."""
