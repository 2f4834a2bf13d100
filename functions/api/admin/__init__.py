"""The administrators' function: import units and learners, list and look up the learners of a subtree, download the
account slips of an import, and read the audit trail of who saw which personal data."""
