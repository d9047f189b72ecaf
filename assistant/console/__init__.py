"""The staff console: a small Starlette app with server-rendered pages, served by ``assistant serve``.

- ``passwords.py``: argon2 hashes of staff passwords.
- ``auth.py``: server-side sessions, CSRF tokens, the login limits.
- ``views.py``: what staff may see of tickets, orders, bookings and today's figures (``PRIVACY.md``).
- ``web.py``: the routes; every one needs a session (pages redirect to the login, the API says 401).
"""
