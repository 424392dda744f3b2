class AccountError(Exception):
    """Base class for account problems."""


class DuplicateAccount(AccountError):
    pass
