"""Tests of mentornet.cli."""
