"""`python -m briefing` runs the command line."""

from briefing.cli import main

if __name__ == "__main__":  # a spawned render process imports this module; it must not run the CLI
    main()
