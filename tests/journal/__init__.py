"""Tests of mentornet.journal."""
