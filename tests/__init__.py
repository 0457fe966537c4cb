"""The tests, one folder per package of mentornet (plus docs/ and browser/)."""
