"""The quiz function: start an attempt at a course's test, submit it, read it back."""
