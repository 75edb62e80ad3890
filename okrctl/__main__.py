"""Allow `python -m okrctl`."""

from okrctl.entry import main

main()
