"""Run the mentornet command: ``python -m mentornet``."""

from .cli import main

main()
