"""Questions that tell on themselves: running sums per question, unit, course and month, kept at each submission
(`sums`), and the figures and flags read from them (`figures`)."""
