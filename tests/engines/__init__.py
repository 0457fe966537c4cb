"""Tests of mentornet.engines."""
