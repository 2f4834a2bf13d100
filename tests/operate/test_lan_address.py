"""`make run HOST=0.0.0.0` serves the site on the network: the address its QR codes, slips and certificates carry is
this machine's own on the network, which a phone beside it can open, never 0.0.0.0."""

import re
import socket
import subprocess

from tests.support.paths import ROOT


def site_url(*variables: str) -> str:
    """The site URL `make run` would give the demo, read from its dry run."""
    dry = subprocess.run(["make", "-n", "run", *variables], cwd=ROOT, capture_output=True, text=True, check=True)
    return re.search(r"hocso demo --site-url (\S+)", dry.stdout).group(1)


def test_served_on_every_interface_the_site_is_reached_at_this_machines_address():
    url = site_url("HOST=0.0.0.0", "PORT=8123")
    host = re.fullmatch(r"http://([0-9.]+):8123/", url).group(1)
    assert host != "0.0.0.0"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as own:
        own.bind((host, 0))  # an address of this machine: only those can be bound


def test_served_on_one_address_the_site_is_reached_there():
    assert site_url("HOST=127.0.0.1") == "http://127.0.0.1:8000/"
