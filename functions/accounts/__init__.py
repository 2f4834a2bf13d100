"""Accounts, units and learners: who may learn, who may administer which part of the organisation tree."""
