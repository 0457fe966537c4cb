"""Tests of mentornet.site."""
