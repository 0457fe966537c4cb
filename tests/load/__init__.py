"""Tests of mentornet.load."""
