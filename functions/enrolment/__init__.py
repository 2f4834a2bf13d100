"""Enrolment: administrators' spreadsheets of units and learners read within bounds, checked row by row, applied as
accounts with deadlines (`roster`), printed as account slips, and settled as background batches."""
