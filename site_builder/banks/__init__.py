"""Question banks in and out: the formats training departments and other platforms use (an Excel sheet, GIFT, Aiken,
Moodle XML) read into drafts located by row or line, checked, and written as a course's `questions.yml`; and a
course's bank written back out in those formats."""
