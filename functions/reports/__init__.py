"""Reports: progress counted as it happens, rolled up the unit tree, against the programme's targets."""
