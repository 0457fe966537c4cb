"""Run the mentornet command: ``python -m mentornet``."""

from mentornet.cli import main

main()
