"""The command line's one error type."""


class UsageError(Exception):
    """A mistake of the user's: printed as one line, exit code 2."""
