"""What watching adds to the pages of the apps below it (core.hooks)."""


def register() -> None:
    pass
