"""Tests of the README and the pages under docs/."""
