"""Store errors: every failure is a ``StoreError`` whose message is one line for the user or operator."""

from __future__ import annotations


class StoreError(Exception):
    """Any store failure; the message is one line meant for the user or operator."""


class NotFound(StoreError):
    """An order, booking, service or ticket id does not exist."""


class InvalidOrder(StoreError):
    """An order, change, cancellation, return or receipt request that cannot be carried out."""


class StoreBusy(StoreError):
    """Another program holds the database longer than the busy timeout; trying again may work."""


class OutOfStock(StoreError):
    """Not enough stock for a product."""

    def __init__(self, product_id: str, available: int) -> None:
        super().__init__(f"not enough stock for {product_id}: {available} available")
        self.product_id = product_id
        """The product that ran short."""
        self.available = available
        """How many are left."""


class SlotTaken(StoreError):
    """The requested appointment time is booked already or is not a bookable slot."""


class InvalidBooking(StoreError):
    """A booking that cannot be made as asked (a bad receipt code) or cancelled (already cancelled)."""


class InvalidTicket(StoreError):
    """A ticket that cannot be closed (already closed)."""


class CatalogImportError(StoreError):
    """A catalog file that cannot be imported; the message names the file and line."""


class StoreMissing(StoreError):
    """No store database where one must already exist (``open_store(..., must_exist=True)``)."""


class StoreUnavailable(StoreError):
    """The database server cannot be reached (stopped, restarting, network cut); the next call tries
    to connect again. Nothing of the failed call was saved, unless ``in_doubt``: the connection broke
    while the transaction was committing and the server could not be asked how it ended."""

    def __init__(self, message: str, in_doubt: bool = False) -> None:
        super().__init__(message)
        self.in_doubt = in_doubt
        """Whether the failed write may have been saved after all."""
