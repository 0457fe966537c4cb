"""Tests of mentornet.diagrams."""
