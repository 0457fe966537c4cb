"""Tests of mentornet.core."""
