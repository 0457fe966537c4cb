"""Tests of mentornet.history."""
