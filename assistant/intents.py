"""Canonical intent ids (README, "What it understands"); use these names instead of string literals."""

ORDER_PLACE = "order.place"
ORDER_STATUS = "order.status"
ORDER_CANCEL = "order.cancel"
ORDER_CHANGE = "order.change"
ORDER_RETURN = "order.return"
ORDER_RECEIPT = "order.receipt"
ORDER_PAYMENT = "order.payment"
DELIVERY_INFO = "delivery.info"
BOOKING_CREATE = "booking.create"
BOOKING_CANCEL = "booking.cancel"
BOOKING_CHANGE = "booking.change"
BOOKING_STATUS = "booking.status"
STORE_HOURS = "store.hours"
STORE_LOCATION = "store.location"
STORE_FAQ = "store.faq"
PRODUCT_INFO = "product.info"
PRODUCT_RECOMMEND = "product.recommend"
AGENT_HANDOFF = "agent.handoff"
COMPLAINT = "feedback.complaint"
CUSTOMER_IDENTIFY = "customer.identify"
CUSTOMER_PREFERENCE = "customer.preference"
CUSTOMER_PROFILE = "customer.profile"
GREET = "dialog.greet"
THANKS = "dialog.thanks"
YES = "dialog.yes"
NO = "dialog.no"
CANCEL = "dialog.cancel"
REPEAT = "dialog.repeat"
HELP = "dialog.help"
GOODBYE = "dialog.goodbye"
LANGUAGE = "dialog.language"

CANONICAL = (
    ORDER_PLACE,
    ORDER_STATUS,
    ORDER_CANCEL,
    ORDER_CHANGE,
    ORDER_RETURN,
    ORDER_RECEIPT,
    ORDER_PAYMENT,
    DELIVERY_INFO,
    BOOKING_CREATE,
    BOOKING_CANCEL,
    BOOKING_CHANGE,
    BOOKING_STATUS,
    STORE_HOURS,
    STORE_LOCATION,
    STORE_FAQ,
    PRODUCT_INFO,
    PRODUCT_RECOMMEND,
    AGENT_HANDOFF,
    COMPLAINT,
    CUSTOMER_IDENTIFY,
    CUSTOMER_PREFERENCE,
    CUSTOMER_PROFILE,
    GREET,
    THANKS,
    YES,
    NO,
    CANCEL,
    REPEAT,
    HELP,
    GOODBYE,
    LANGUAGE,
)
"""Every intent the built-in skills must provide."""

ACTIONS = frozenset(
    {ORDER_PLACE, ORDER_CANCEL, ORDER_CHANGE, ORDER_RETURN, BOOKING_CREATE, BOOKING_CANCEL, BOOKING_CHANGE}
)
"""Intents that change the shop's records: they need clear evidence and a confirmation, and a bare
value never starts one."""
CANCELLING = frozenset({ORDER_CANCEL, BOOKING_CANCEL})
"""Requests that cancel an order or a booking."""
UNDOING = CANCELLING | {ORDER_RETURN}
"""Requests that undo something the customer has (a part of it may be kept: "i'll keep the shirts")."""
ANY_CANCEL = CANCELLING | {CANCEL}
"""A cancel request or the bare word "cancel": a correction after it may take it back."""
