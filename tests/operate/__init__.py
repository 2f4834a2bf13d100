"""Operating hocso: the command line, the deployment, the tools `make` installs, the docs kept true."""
