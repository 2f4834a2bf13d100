"""The progress function: which lessons of a course a learner has done."""
